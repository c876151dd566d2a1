package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.detect.SpikeSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link Pipeline}.
 *
 * @param window size of the tumbling rollup windows
 * @param grace how long (in event time) a window waits for out-of-order readings after its end
 * @param spike spike detector tuning
 */
public record PipelineSettings(Duration window, Duration grace, SpikeSettings spike) {

  public PipelineSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(spike, "spike");
  }

  /** 10 s windows, 2 s grace, default spike detection. */
  public static PipelineSettings defaults() {
    return new PipelineSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(2), SpikeSettings.defaults());
  }
}
