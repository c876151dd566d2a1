package io.tern.gateway.core.rollup;

import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.WindowOutcome.Lateness;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
  // The open window last added to: most readings go to the current window, this saves a lookup.
  private Map<String, RollupAccumulator> lastWindow;
  private long lastWindowStartMs;

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

  String deviceId() {
    return deviceId;
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
    Map<String, RollupAccumulator> window =
        lastWindow != null && start == lastWindowStartMs
            ? lastWindow
            : openWindow(start, watermarkMs);
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

  /** The open window at {@code start}, opened if it is not closed yet; null if it is closed. */
  private Map<String, RollupAccumulator> openWindow(long start, long watermarkMs) {
    Map<String, RollupAccumulator> window = open.get(start);
    if (window == null && !isClosed(start, watermarkMs)) {
      window = new TreeMap<>();
      open.put(start, window);
    }
    if (window != null) {
      lastWindow = window;
      lastWindowStartMs = start;
    }
    return window;
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
    if (window.getValue() == lastWindow) {
      lastWindow = null;
    }
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

  /**
   * Writes the state: the greatest emitted start; the open windows (oldest first, metrics in name
   * order) with their accumulators; the retained emitted windows per series (metrics in name order)
   * with how far they were evicted.
   */
  void write(DataOutput out) throws IOException {
    out.writeLong(closedThroughStartMs);
    out.writeInt(open.size());
    for (Map.Entry<Long, Map<String, RollupAccumulator>> window : open.entrySet()) {
      out.writeLong(window.getKey());
      out.writeInt(window.getValue().size());
      for (Map.Entry<String, RollupAccumulator> series : window.getValue().entrySet()) {
        out.writeUTF(series.getKey());
        series.getValue().write(out);
      }
    }
    out.writeInt(histories.size());
    for (String metric : new TreeMap<>(histories).keySet()) {
      History history = histories.get(metric);
      out.writeUTF(metric);
      out.writeLong(history.evictedThroughStartMs);
      out.writeInt(history.windows.size());
      for (Map.Entry<Long, RollupAccumulator> window : history.windows.entrySet()) {
        out.writeLong(window.getKey());
        window.getValue().write(out);
      }
    }
  }

  /** Reads what {@link #write} wrote. */
  static SizedWindows read(String deviceId, long sizeMs, RollupSettings settings, DataInput in)
      throws IOException {
    SizedWindows windows = new SizedWindows(deviceId, sizeMs, settings);
    windows.closedThroughStartMs = in.readLong();
    int openCount = StateCodec.readCount(in, "open window count", Integer.MAX_VALUE);
    for (int i = 0; i < openCount; i++) {
      long start = windows.readStart(in);
      StateCodec.check(
          windows.open.isEmpty() || start > windows.open.lastKey(),
          "open windows of " + deviceId + " are not in ascending order");
      int metrics = StateCodec.readCount(in, "metrics in an open window", Integer.MAX_VALUE);
      StateCodec.check(metrics > 0, "open window of " + deviceId + " without metrics");
      Map<String, RollupAccumulator> window = new TreeMap<>();
      for (int m = 0; m < metrics; m++) {
        String metric = in.readUTF();
        StateCodec.check(
            window.put(metric, windows.readAccumulator(in)) == null,
            "metric " + metric + " twice in one open window of " + deviceId);
      }
      windows.open.put(start, window);
      windows.openSeries += metrics;
    }
    int historyCount = StateCodec.readCount(in, "retained series count", Integer.MAX_VALUE);
    for (int h = 0; h < historyCount; h++) {
      String metric = in.readUTF();
      History history = new History();
      history.evictedThroughStartMs = in.readLong();
      int retained = StateCodec.readCount(in, "retained window count", Integer.MAX_VALUE);
      for (int w = 0; w < retained; w++) {
        long start = windows.readStart(in);
        StateCodec.check(
            history.windows.isEmpty() || start > history.windows.lastKey(),
            "retained windows of " + deviceId + "/" + metric + " are not in ascending order");
        history.windows.put(start, windows.readAccumulator(in));
      }
      StateCodec.check(
          windows.histories.put(metric, history) == null,
          "retained series " + deviceId + "/" + metric + " appears twice");
    }
    return windows;
  }

  /**
   * The correction pending for a retained window when a snapshot was taken, with its accumulator.
   */
  Correction pendingCorrection(String metric, long windowStartMs) throws IOException {
    History history = histories.get(metric);
    RollupAccumulator acc = history == null ? null : history.windows.get(windowStartMs);
    StateCodec.check(
        acc != null && acc.isDirty(),
        "pending correction of "
            + deviceId
            + "/"
            + metric
            + "/"
            + windowStartMs
            + " has no changed"
            + " retained window");
    return new Correction(this, metric, windowStartMs, acc);
  }

  private long readStart(DataInput in) throws IOException {
    long start = in.readLong();
    StateCodec.check(
        Math.floorMod(start, sizeMs) == 0,
        "window start " + start + " is not a multiple of the size " + sizeMs);
    return start;
  }

  private RollupAccumulator readAccumulator(DataInput in) throws IOException {
    return RollupAccumulator.read(settings.quantiles(), settings.relativeAccuracy(), in);
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
