package io.tern.bench.detection;

import io.tern.gateway.core.model.Reading;
import java.util.List;

/**
 * Feeds one replay to several detectors at once, as if live: each batch at its event time as {@code
 * nowMs}, and a tick at every whole second of event time that the replay reaches (before the first
 * batch at or after it). Across a gap in the data (e.g. between SKAB experiments recorded on
 * different days) at most {@link #MAX_TICKS_PER_GAP} consecutive ticks are given, then the ticks
 * jump to the second of the next batch. Replay thread only.
 */
public final class Replay implements DataSet.BatchSink {
  /** One hour of ticks: longer than any timeout a detector or window may wait for. */
  static final int MAX_TICKS_PER_GAP = 3600;

  private static final long SECOND_MS = 1000;

  private final List<ReplayDetector> detectors;
  private long nextTickMs = Long.MIN_VALUE;
  private long lastEventMs = Long.MIN_VALUE;
  private long batches;

  public Replay(List<ReplayDetector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  @Override
  public void accept(List<Reading> batch, long eventTimeMs) {
    if (eventTimeMs < lastEventMs) {
      throw new IllegalStateException(
          "replay went back in time: " + eventTimeMs + " after " + lastEventMs);
    }
    lastEventMs = eventTimeMs;
    if (nextTickMs == Long.MIN_VALUE) {
      nextTickMs = (Math.floorDiv(eventTimeMs, SECOND_MS) + 1) * SECOND_MS;
    }
    int ticks = 0;
    while (nextTickMs <= eventTimeMs) {
      if (ticks == MAX_TICKS_PER_GAP) {
        nextTickMs = Math.floorDiv(eventTimeMs, SECOND_MS) * SECOND_MS;
      }
      for (ReplayDetector d : detectors) {
        d.tick(nextTickMs);
      }
      nextTickMs += SECOND_MS;
      ticks++;
    }
    for (ReplayDetector d : detectors) {
      d.accept(batch, eventTimeMs);
    }
    batches++;
  }

  /** Batches replayed so far. */
  public long batches() {
    return batches;
  }
}
