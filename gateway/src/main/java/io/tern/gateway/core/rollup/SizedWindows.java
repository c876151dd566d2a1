package io.tern.gateway.core.rollup;

import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.WindowOutcome.Lateness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The windows of one size of one device: open windows, and emitted windows retained per series to
 * absorb late readings. Not thread-safe (pipeline thread).
 */
final class SizedWindows {

  /** An emitted window changed by a late reading, waiting to be emitted again. */
  record Correction(SizedWindows owner, String metric, long windowStartMs, RollupAccumulator acc) {
    Rollup emit() {
      return acc.emit(
          owner.deviceId, metric, windowStartMs, owner.sizeMs, owner.settings.quantiles());
    }
  }

  /** The emitted windows of one series that are still kept. */
  private static final class History {
    final NavigableMap<Long, RollupAccumulator> windows = new TreeMap<>();
    long evictedThroughStartMs = Long.MIN_VALUE; // nothing at or before this start is known
  }

  private final String deviceId;
  private final long sizeMs;
  private final long graceMs;
  private final long retentionMs;
  private final RollupSettings settings;
  private final NavigableMap<Long, Map<String, RollupAccumulator>> open = new TreeMap<>();
  private final Map<String, History> histories = new HashMap<>();
  private long closedThroughStartMs = Long.MIN_VALUE; // greatest start of a window emitted
  private int openSeries; // (window, metric) accumulators in open windows

  SizedWindows(String deviceId, long sizeMs, RollupSettings settings) {
    this.deviceId = deviceId;
    this.sizeMs = sizeMs;
    this.graceMs = settings.grace().toMillis();
    this.retentionMs = settings.retention().toMillis();
    this.settings = settings;
  }

  long sizeMs() {
    return sizeMs;
  }

  boolean hasOpenWindows() {
    return !open.isEmpty();
  }

  /** Open (not yet emitted) windows, counted per metric: each will emit one rollup. */
  int openSeries() {
    return openSeries;
  }

  /**
   * Adds a reading, given the device's watermark before it; a late reading adds a correction to
   * {@code corrections} unless its window is already pending.
   */
  Lateness add(
      String metric,
      double value,
      long eventTimeMs,
      long watermarkMs,
      List<Correction> corrections) {
    long start = Math.floorDiv(eventTimeMs, sizeMs) * sizeMs;
    Map<String, RollupAccumulator> window = open.get(start);
    if (window == null && !isClosed(start, watermarkMs)) {
      window = new TreeMap<>();
      open.put(start, window);
    }
    if (window != null) {
      RollupAccumulator acc = window.get(metric);
      if (acc == null) {
        acc = newAccumulator();
        window.put(metric, acc);
        openSeries++;
      }
      acc.add(value, eventTimeMs);
      return Lateness.ON_TIME;
    }
    return addLate(metric, value, eventTimeMs, start, watermarkMs, corrections);
  }

  private Lateness addLate(
      String metric,
      double value,
      long eventTimeMs,
      long start,
      long watermarkMs,
      List<Correction> corrections) {
    if (start + sizeMs + retentionMs <= watermarkMs) {
      return Lateness.TOO_LATE;
    }
    History history = histories.computeIfAbsent(metric, m -> new History());
    RollupAccumulator acc = history.windows.get(start);
    if (acc == null) {
      if (start <= history.evictedThroughStartMs) {
        return Lateness.TOO_LATE; // it may have been emitted: a partial revision would be wrong
      }
      acc = newAccumulator(); // a window this series never had: its first emission is revision 0
      history.windows.put(start, acc);
    }
    acc.add(value, eventTimeMs);
    if (acc.markDirty()) {
      corrections.add(new Correction(this, metric, start, acc));
    }
    trim(history, watermarkMs);
    return Lateness.LATE;
  }

  /** Emits the open windows that the watermark closed, oldest first, metrics in name order. */
  void closeExpired(long watermarkMs, List<Rollup> out) {
    while (!open.isEmpty() && isClosed(open.firstKey(), watermarkMs)) {
      close(open.pollFirstEntry(), watermarkMs, out);
    }
  }

  /** Emits all open windows (the device went quiet). */
  void closeAll(long watermarkMs, List<Rollup> out) {
    while (!open.isEmpty()) {
      close(open.pollFirstEntry(), watermarkMs, out);
    }
  }

  private void close(
      Map.Entry<Long, Map<String, RollupAccumulator>> window, long watermarkMs, List<Rollup> out) {
    long start = window.getKey();
    closedThroughStartMs = Math.max(closedThroughStartMs, start);
    openSeries -= window.getValue().size();
    window
        .getValue()
        .forEach(
            (metric, acc) -> {
              out.add(acc.emit(deviceId, metric, start, sizeMs, settings.quantiles()));
              History history = histories.computeIfAbsent(metric, m -> new History());
              history.windows.put(start, acc);
              trim(history, watermarkMs);
            });
  }

  private boolean isClosed(long start, long watermarkMs) {
    return start <= closedThroughStartMs
        || (watermarkMs != Long.MIN_VALUE && start + sizeMs + graceMs <= watermarkMs);
  }

  /** Forgets emitted windows beyond the retention (count per series, or event time). */
  private void trim(History history, long watermarkMs) {
    NavigableMap<Long, RollupAccumulator> windows = history.windows;
    while (!windows.isEmpty()
        && (windows.size() > settings.retainedWindows()
            || windows.firstKey() + sizeMs + retentionMs <= watermarkMs)) {
      history.evictedThroughStartMs = Math.max(history.evictedThroughStartMs, windows.firstKey());
      windows.pollFirstEntry();
    }
  }

  private RollupAccumulator newAccumulator() {
    return new RollupAccumulator(settings.quantiles(), settings.relativeAccuracy());
  }
}
