package io.tern.launcher.crash;

import io.tern.proto.v1.Rollup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the rollups found in an output log with the expected ones: for each window the highest
 * revision emitted must have the expected count, min, max and last exactly, and sum and mean
 * ({@code sum / count}) up to rounding, no other window may appear, and no (rollup id, revision)
 * may occur twice. Pure.
 *
 * @param expectedWindows windows the data set has
 * @param emittedWindows distinct windows in the log
 * @param outputs rollups in the log, all revisions
 * @param differences one line per window that is wrong, missing or unexpected (in that order)
 * @param emittedTwice one line per (id, revision) found more than once, with how often
 * @param missingReadings readings lacking in windows that are missing or have too small a count
 * @param extraReadings readings too many in windows that are unexpected or have too large a count
 * @param sumOnlyDifferences windows whose count, min, max and last match but whose sum does not
 * @param neverEmitted expected windows not in the log at all
 * @param countTooLow windows emitted with fewer readings than expected
 * @param countTooHigh windows emitted with more readings than expected
 * @param unexpected windows in the log that the data set does not have
 */
public record RollupComparison(
    int expectedWindows,
    int emittedWindows,
    int outputs,
    List<String> differences,
    List<String> emittedTwice,
    long missingReadings,
    long extraReadings,
    int sumOnlyDifferences,
    int neverEmitted,
    int countTooLow,
    int countTooHigh,
    int unexpected) {

  public static RollupComparison of(Map<WindowKey, ExpectedRollup> expected, List<Rollup> log) {
    Map<WindowKey, Rollup> finals = new HashMap<>();
    Map<String, Integer> seen = new TreeMap<>();
    for (Rollup rollup : log) {
      seen.merge(rollup.getId() + " rev " + rollup.getRevision(), 1, Integer::sum);
      WindowKey key =
          new WindowKey(
              rollup.getDeviceId(),
              rollup.getMetric(),
              rollup.getWindowMs(),
              rollup.getWindowStartMs());
      finals.merge(key, rollup, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
    }
    List<String> emittedTwice = new ArrayList<>();
    seen.forEach(
        (idRevision, times) -> {
          if (times > 1) {
            emittedTwice.add(idRevision + " emitted " + times + " times");
          }
        });

    // Wrong windows first, then missing ones, then unexpected ones: the report shows the first few.
    List<String> differences = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    long missing = 0;
    long extra = 0;
    int sumOnly = 0;
    int never = 0;
    int low = 0;
    int high = 0;
    int notInDataSet = 0;
    for (Map.Entry<WindowKey, ExpectedRollup> entry : expected.entrySet()) {
      ExpectedRollup want = entry.getValue();
      Rollup got = finals.get(entry.getKey());
      if (got == null) {
        absent.add(entry.getKey() + ": never emitted (expected count " + want.count() + ")");
        missing += want.count();
        never++;
        continue;
      }
      Map<String, String> wrong = wrongFields(want, got);
      if (wrong.isEmpty()) {
        continue;
      }
      long delta = got.getCount() - want.count();
      missing += Math.max(0, -delta);
      extra += Math.max(0, delta);
      low += delta < 0 ? 1 : 0;
      high += delta > 0 ? 1 : 0;
      if (wrong.keySet().stream().allMatch(f -> f.equals("sum") || f.equals("mean"))) {
        sumOnly++;
      }
      differences.add(entry.getKey() + " rev " + got.getRevision() + ": " + wrong);
    }
    differences.addAll(absent);
    for (Map.Entry<WindowKey, Rollup> entry : finals.entrySet()) {
      if (!expected.containsKey(entry.getKey())) {
        differences.add(entry.getKey() + ": not in the data set: " + entry.getValue());
        extra += entry.getValue().getCount();
        notInDataSet++;
      }
    }
    return new RollupComparison(
        expected.size(),
        finals.size(),
        log.size(),
        List.copyOf(differences),
        List.copyOf(emittedTwice),
        missing,
        extra,
        sumOnly,
        never,
        low,
        high,
        notInDataSet);
  }

  /**
   * Field name → "expected X, got Y" for every field that differs: count, min, max and last
   * exactly; sum and mean within {@value #SUM_TOLERANCE} relative, since the gateway adds values in
   * arrival order and an agent's live-first lanes after a reconnect change that order (floating-
   * point addition is not associative). A lost or doubled reading shows in the count anyway.
   */
  private static Map<String, String> wrongFields(ExpectedRollup want, Rollup got) {
    Map<String, String> wrong = new LinkedHashMap<>();
    if (got.getCount() != want.count()) {
      wrong.put("count", "expected " + want.count() + ", got " + got.getCount());
    }
    compare(wrong, "min", want.min(), got.getMin());
    compare(wrong, "max", want.max(), got.getMax());
    compareSum(wrong, "sum", want.sum(), got.getSum());
    compare(wrong, "last", want.last(), got.getLast());
    compareSum(wrong, "mean", want.sum() / want.count(), got.getMean());
    return wrong;
  }

  static final double SUM_TOLERANCE = 1e-9;

  private static void compareSum(Map<String, String> wrong, String field, double want, double got) {
    if (!(Math.abs(got - want) <= SUM_TOLERANCE * Math.max(1.0, Math.abs(want)))) {
      wrong.put(field, "expected " + want + ", got " + got + " (diff " + (got - want) + ")");
    }
  }

  private static void compare(Map<String, String> wrong, String field, double want, double got) {
    if (Double.compare(want, got) != 0) {
      wrong.put(field, "expected " + want + ", got " + got + " (diff " + (got - want) + ")");
    }
  }

  /** Whether the log holds exactly the expected rollups, each (id, revision) once. */
  public boolean exact() {
    return differences.isEmpty() && emittedTwice.isEmpty();
  }

  /** A summary and the first {@code limit} differences and repeated emissions. */
  public String report(int limit) {
    StringBuilder text =
        new StringBuilder()
            .append(
                String.format(
                    "%d windows expected, %d emitted (%d rollups in the log, all revisions);"
                        + " %d windows differ: %d never emitted, %d with too low a count, %d with"
                        + " too high a count, %d not in the data set, %d with only sum/mean"
                        + " different; readings missing: %d, readings too many: %d;"
                        + " %d (id, revision) pairs emitted more than once",
                    expectedWindows,
                    emittedWindows,
                    outputs,
                    differences.size(),
                    neverEmitted,
                    countTooLow,
                    countTooHigh,
                    unexpected,
                    sumOnlyDifferences,
                    missingReadings,
                    extraReadings,
                    emittedTwice.size()));
    differences.stream().limit(limit).forEach(d -> text.append("\n  ").append(d));
    if (differences.size() > limit) {
      text.append("\n  ... ").append(differences.size() - limit).append(" more differences");
    }
    emittedTwice.stream().limit(limit).forEach(d -> text.append("\n  ").append(d));
    if (emittedTwice.size() > limit) {
      text.append("\n  ... ").append(emittedTwice.size() - limit).append(" more repeated");
    }
    return text.toString();
  }
}
