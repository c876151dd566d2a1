package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.dedupe.DedupeSettings;
import io.tern.gateway.core.detect.DetectionSettings;
import io.tern.gateway.core.rollup.RollupSettings;
import java.util.Objects;

/**
 * Settings of the {@link Pipeline}.
 *
 * @param dedupe exact dedupe: seq ranges per stream and streams per device
 * @param rollup window sizes, grace, idle timeout, late-reading retention, quantiles
 * @param detection anomaly detection sensitivity and rules
 */
public record PipelineSettings(
    DedupeSettings dedupe, RollupSettings rollup, DetectionSettings detection) {

  public PipelineSettings {
    Objects.requireNonNull(dedupe, "dedupe");
    Objects.requireNonNull(rollup, "rollup");
    Objects.requireNonNull(detection, "detection");
  }

  /** Default dedupe, 10 s / 1 min / 1 h windows with 2 s grace, default detection. */
  public static PipelineSettings defaults() {
    return new PipelineSettings(
        DedupeSettings.defaults(), RollupSettings.defaults(), DetectionSettings.defaults());
  }
}
