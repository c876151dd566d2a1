package io.tern.sim.check;

import io.tern.sim.generated.GeneratedCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what the simulator generated with the rollup counts Tern produced, window by window, at
 * one window size (by default the finest one present). Per window the rollup with the highest
 * {@code revision} counts (a late reading re-emits its window with a higher revision); a line
 * repeating an id and revision already seen is a second delivery and its count is added again, so
 * it shows as doubled. Only windows between a series' first and last generated window are compared
 * (earlier runs of the same devices are not this run's business); series that were not generated
 * are ignored. Pure: no I/O.
 */
public final class ReadingsCheck {

  /** A window whose rollup count differs from what was generated. */
  public record WindowMismatch(
      String deviceId, String metric, long windowStartMs, long generated, long counted) {}

  /** One series' totals over the compared windows. */
  public record SeriesResult(
      String deviceId,
      String metric,
      long generated,
      long counted,
      long lost,
      long doubled,
      int windowsWrong) {}

  /**
   * The comparison at {@code windowMs} (0 when there was no rollup of a generated series at all).
   *
   * @param repeatedLines rollup lines whose id and revision were seen before
   * @param outsideRun rollups of generated series in windows before or after the run (not compared)
   */
  public record Result(
      long windowMs,
      List<SeriesResult> series,
      List<WindowMismatch> mismatches,
      long repeatedLines,
      long outsideRun) {

    public Result {
      series = List.copyOf(series);
      mismatches = List.copyOf(mismatches);
    }

    public long generated() {
      return series.stream().mapToLong(SeriesResult::generated).sum();
    }

    public long counted() {
      return series.stream().mapToLong(SeriesResult::counted).sum();
    }

    public long lost() {
      return series.stream().mapToLong(SeriesResult::lost).sum();
    }

    public long doubled() {
      return series.stream().mapToLong(SeriesResult::doubled).sum();
    }
  }

  /** The emitted state of one window: its highest revision and how often that was delivered. */
  private static final class Emitted {
    long revision = -1;
    long count;
    long copies;

    void add(ObservedRollup rollup) {
      if (rollup.revision() > revision) {
        revision = rollup.revision();
        count = rollup.count();
        copies = 1;
      } else if (rollup.revision() == revision) {
        copies++;
      }
    }

    long counted() {
      return count * copies;
    }
  }

  private ReadingsCheck() {}

  /**
   * @param windowMs the window size to compare; empty = the smallest size among the rollups of the
   *     generated series
   * @throws IllegalArgumentException if the window size is not a multiple of a generated bucket, or
   *     was given and the outputs hold rollups of the generated series in other sizes only
   */
  public static Result compare(
      List<GeneratedCount> generated, List<ObservedRollup> rollups, OptionalLong windowMs) {
    Map<SeriesKey, Long> buckets = new HashMap<>();
    for (GeneratedCount count : generated) {
      buckets.merge(new SeriesKey(count.deviceId(), count.metric()), count.bucketMs(), Math::max);
    }
    long window =
        windowMs.orElseGet(
            () ->
                rollups.stream()
                    .filter(r -> buckets.containsKey(new SeriesKey(r.deviceId(), r.metric())))
                    .mapToLong(ObservedRollup::windowMs)
                    .min()
                    .orElse(0));
    if (windowMs.isPresent()) {
      List<Long> sizes =
          rollups.stream()
              .filter(r -> buckets.containsKey(new SeriesKey(r.deviceId(), r.metric())))
              .map(ObservedRollup::windowMs)
              .distinct()
              .sorted()
              .toList();
      if (!sizes.isEmpty() && !sizes.contains(window)) {
        throw new IllegalArgumentException(
            "no rollup of window "
                + window
                + " ms in the outputs (window sizes there: "
                + sizes
                + " ms)");
      }
    }
    for (GeneratedCount count : generated) {
      if (window > 0 && window % count.bucketMs() != 0) {
        throw new IllegalArgumentException(
            "rollup window "
                + window
                + " ms is not a multiple of the generated readings' bucket ("
                + count.bucketMs()
                + " ms): compare another window size");
      }
    }
    Map<SeriesKey, TreeMap<Long, Long>> expected = new HashMap<>();
    for (GeneratedCount count : generated) {
      long start = window == 0 ? 0 : Math.floorDiv(count.bucketStartMs(), window) * window;
      expected
          .computeIfAbsent(new SeriesKey(count.deviceId(), count.metric()), k -> new TreeMap<>())
          .merge(start, count.count(), Long::sum);
    }
    Map<SeriesKey, Map<Long, Emitted>> emitted = new HashMap<>();
    Map<String, Long> seen = new HashMap<>();
    long repeated = 0;
    long outside = 0;
    for (ObservedRollup rollup : rollups) {
      SeriesKey key = new SeriesKey(rollup.deviceId(), rollup.metric());
      TreeMap<Long, Long> windows = expected.get(key);
      if (windows == null || rollup.windowMs() != window) {
        continue;
      }
      if (seen.merge(rollup.id() + "#" + rollup.revision(), 1L, Long::sum) > 1) {
        repeated++;
      }
      if (rollup.windowStartMs() < windows.firstKey()
          || rollup.windowStartMs() > windows.lastKey()) {
        outside++;
        continue;
      }
      emitted
          .computeIfAbsent(key, k -> new HashMap<>())
          .computeIfAbsent(rollup.windowStartMs(), k -> new Emitted())
          .add(rollup);
    }
    List<SeriesResult> series = new ArrayList<>();
    List<WindowMismatch> mismatches = new ArrayList<>();
    for (SeriesKey key : new TreeSet<>(expected.keySet())) {
      series.add(
          compareSeries(
              key, expected.get(key), emitted.getOrDefault(key, Map.of()), window, mismatches));
    }
    return new Result(window, series, mismatches, repeated, outside);
  }

  /**
   * Whether every generated series has a rollup for the window holding its last generated reading,
   * at the finest window size among the rollups of the generated series: then the pipeline has
   * emitted all it will for the run (earlier windows close first).
   */
  public static boolean lastWindowsEmitted(
      List<GeneratedCount> generated, List<ObservedRollup> rollups) {
    Map<SeriesKey, Long> lastBucket = new HashMap<>();
    for (GeneratedCount count : generated) {
      lastBucket.merge(
          new SeriesKey(count.deviceId(), count.metric()), count.bucketStartMs(), Math::max);
    }
    long window =
        rollups.stream()
            .filter(r -> lastBucket.containsKey(new SeriesKey(r.deviceId(), r.metric())))
            .mapToLong(ObservedRollup::windowMs)
            .min()
            .orElse(0);
    if (window == 0) {
      return lastBucket.isEmpty();
    }
    Map<SeriesKey, Long> missing = new HashMap<>();
    lastBucket.forEach((key, bucket) -> missing.put(key, Math.floorDiv(bucket, window) * window));
    for (ObservedRollup rollup : rollups) {
      SeriesKey key = new SeriesKey(rollup.deviceId(), rollup.metric());
      Long start = missing.get(key);
      if (rollup.windowMs() == window && start != null && start == rollup.windowStartMs()) {
        missing.remove(key);
      }
    }
    return missing.isEmpty();
  }

  private static SeriesResult compareSeries(
      SeriesKey key,
      TreeMap<Long, Long> expected,
      Map<Long, Emitted> emitted,
      long window,
      List<WindowMismatch> mismatches) {
    TreeSet<Long> starts = new TreeSet<>(expected.keySet());
    starts.addAll(emitted.keySet());
    long generated = 0;
    long counted = 0;
    long lost = 0;
    long doubled = 0;
    int wrong = 0;
    for (long start : starts) {
      long want = expected.getOrDefault(start, 0L);
      Emitted got = window == 0 ? null : emitted.get(start);
      long have = got == null ? 0 : got.counted();
      generated += want;
      counted += have;
      if (want != have) {
        wrong++;
        lost += Math.max(0, want - have);
        doubled += Math.max(0, have - want);
        mismatches.add(new WindowMismatch(key.deviceId(), key.metric(), start, want, have));
      }
    }
    return new SeriesResult(key.deviceId(), key.metric(), generated, counted, lost, doubled, wrong);
  }
}
