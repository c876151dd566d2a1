package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.detect.SpikeDetectors;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.rollup.RollupWindows;
import io.tern.gateway.core.rollup.WindowOutcome;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The gateway's processing of readings: event-time rollups and spike detection, per series.
 *
 * <p>A deterministic function of the sequence of readings it is given (and of the clock, which only
 * stamps {@code detectedAtMs}). Not thread-safe: one pipeline thread owns it (single writer).
 */
public final class Pipeline {
  private final RollupWindows windows;
  private final SpikeDetectors spikes;
  private final InstantSource clock;
  private final PipelineOutput output;

  public Pipeline(PipelineSettings settings, InstantSource clock, PipelineOutput output) {
    this.windows = new RollupWindows(settings.window(), settings.grace());
    this.spikes = new SpikeDetectors(settings.spike());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.output = Objects.requireNonNull(output, "output");
  }

  /** Processes one reading; outputs are emitted to the {@link PipelineOutput} before it returns. */
  public void accept(Reading reading) {
    WindowOutcome outcome = windows.add(reading);
    if (outcome instanceof WindowOutcome.Accepted accepted) {
      accepted.closed().forEach(output::rollup);
    } else if (outcome instanceof WindowOutcome.Late) {
      output.lateReading(reading);
    }
    spikes.observe(reading, clock.millis()).ifPresent(output::alert);
  }
}
