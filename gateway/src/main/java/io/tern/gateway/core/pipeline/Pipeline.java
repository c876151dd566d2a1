package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.dedupe.Dedupe;
import io.tern.gateway.core.dedupe.DedupeSnapshot;
import io.tern.gateway.core.detect.SpikeDetectors;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.rollup.RollupWindows;
import io.tern.gateway.core.rollup.WindowOutcome;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The gateway's processing of readings: exact dedupe, then event-time rollups and spike detection
 * per series.
 *
 * <p>A deterministic function of the sequence of batches and ticks it is given, each with the
 * gateway time it happened at ({@code nowMs}, which stamps {@code detectedAtMs} and drives the idle
 * close of windows): the gateway journals both, so a replay reproduces every output. Duplicates are
 * dropped before windows and detectors, so they never count twice. Not thread-safe: one pipeline
 * thread owns it (single writer).
 */
public final class Pipeline {
  private final Dedupe dedupe;
  private final RollupWindows windows;
  private final SpikeDetectors spikes;
  private final PipelineOutput output;

  public Pipeline(PipelineSettings settings, PipelineOutput output) {
    this.output = Objects.requireNonNull(output, "output");
    this.dedupe = new Dedupe(settings.dedupe(), output::dedupeStreamEvicted);
    this.windows = new RollupWindows(settings.rollup());
    this.spikes = new SpikeDetectors(settings.spike());
  }

  /**
   * Processes one batch; its outputs, including corrected rollups of windows that its late readings
   * changed (one per window), are emitted to the {@link PipelineOutput} before it returns.
   *
   * @param nowMs gateway time the batch was received at, epoch ms
   */
  public void accept(List<Reading> batch, long nowMs) {
    for (Reading reading : batch) {
      process(reading, nowMs);
    }
    windows.flushCorrections().forEach(output::rollup);
  }

  /** Processes a batch of one reading. */
  public void accept(Reading reading, long nowMs) {
    accept(List.of(reading), nowMs);
  }

  /**
   * Emits the windows of devices that went quiet for the idle timeout. Call periodically.
   *
   * @param nowMs gateway time of the tick, epoch ms
   */
  public void tick(long nowMs) {
    windows.closeIdle(nowMs).forEach(output::rollup);
  }

  /** The device's watermark (greatest event time of its accepted readings), if it sent any. */
  public OptionalLong watermark(String deviceId) {
    return windows.watermark(deviceId);
  }

  /** Rollup windows not yet emitted (per device, metric and size). */
  public long openWindows() {
    return windows.openWindows();
  }

  /** The dedupe state as plain values, for a snapshot. */
  public DedupeSnapshot dedupeSnapshot() {
    return dedupe.snapshot();
  }

  private void process(Reading reading, long nowMs) {
    switch (dedupe.check(reading)) {
      case DUPLICATE -> {
        output.dropped(reading, DropReason.DUPLICATE);
        return;
      }
      case BEYOND_WINDOW -> {
        output.dropped(reading, DropReason.BEYOND_DEDUPE_WINDOW);
        return;
      }
      case FRESH -> {}
    }
    WindowOutcome outcome = windows.add(reading, nowMs);
    outcome.closed().forEach(output::rollup);
    switch (outcome.lateness()) {
      case ON_TIME -> {}
      case LATE -> output.lateReading(reading);
      case TOO_LATE -> output.dropped(reading, DropReason.TOO_LATE);
    }
    spikes.observe(reading, nowMs).ifPresent(output::alert);
  }
}
