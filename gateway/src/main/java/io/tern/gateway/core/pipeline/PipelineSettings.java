package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.dedupe.DedupeSettings;
import io.tern.gateway.core.detect.SpikeSettings;
import io.tern.gateway.core.rollup.RollupSettings;
import java.util.Objects;

/**
 * Settings of the {@link Pipeline}.
 *
 * @param dedupe exact dedupe window and streams per device
 * @param rollup window sizes, grace, idle timeout, late-reading retention, quantiles
 * @param spike spike detector tuning
 */
public record PipelineSettings(DedupeSettings dedupe, RollupSettings rollup, SpikeSettings spike) {

  public PipelineSettings {
    Objects.requireNonNull(dedupe, "dedupe");
    Objects.requireNonNull(rollup, "rollup");
    Objects.requireNonNull(spike, "spike");
  }

  /** Default dedupe, 10 s / 1 min / 1 h windows with 2 s grace, default spike detection. */
  public static PipelineSettings defaults() {
    return new PipelineSettings(
        DedupeSettings.defaults(), RollupSettings.defaults(), SpikeSettings.defaults());
  }
}
