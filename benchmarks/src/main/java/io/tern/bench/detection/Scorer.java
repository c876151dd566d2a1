package io.tern.bench.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a detector's alert episodes against a data set's labels. Pure and deterministic.
 *
 * <p><b>Scoring unit.</b> For {@link GroundTruth.Scope#DEVICE device-scoped} data (SKAB) an episode
 * on any metric of a device counts for that device's labels; for {@link GroundTruth.Scope#SERIES
 * series-scoped} data (simulator) only an episode on the same device and metric. Episodes raised
 * after their device's last row are ignored (the data ended; nothing there is labelled) and counted
 * in {@link DetectorScore#ignoredEpisodes()}.
 *
 * <p><b>Point-wise</b> (the SKAB convention, comparable to its leaderboard): a row is predicted
 * anomalous when its unit has at least one episode active at the row's time {@code t}, i.e. {@code
 * raisedMs <= t < clearedMs} (an episode raised on that row counts; one cleared on that row does
 * not). TP, FP, FN, TN are counted over all rows of all files; precision = TP/(TP+FP), recall =
 * TP/(TP+FN), F1 = 2TP/(2TP+FP+FN), FAR = FP/(FP+TN), MAR = FN/(FN+TP).
 *
 * <p><b>Event-wise.</b> A labelled segment {@code [start, end)} is detected when an episode of its
 * unit is raised at {@code start <= raisedMs < end + tolerance}; its detection delay is the first
 * such {@code raisedMs - start}. An episode that is raised in no segment's {@code [start, end +
 * tolerance)} is a false alarm (an episode raised before a segment and still active during it is a
 * false alarm, and does not detect the segment). Event precision = detected / (detected + false
 * alarms), recall = detected / segments, F1 their harmonic mean; false alarms per day divide by the
 * days of data ({@link GroundTruth#days()}). Delays are summarised by nearest-rank quantiles: the
 * q-quantile of n sorted delays is the ⌈q·n⌉-th.
 *
 * <p>Any ratio with a zero denominator is {@code NaN}: the "never" detector has no precision.
 */
public final class Scorer {

  private Scorer() {}

  public static DetectorScore score(
      GroundTruth truth, Collection<Episode> episodes, long toleranceMs) {
    if (toleranceMs < 0) {
      throw new IllegalArgumentException("tolerance must be >= 0, was " + toleranceMs);
    }
    GroundTruth.Scope scope = truth.scope();
    Map<String, long[]> spans = truth.deviceSpans();
    Map<String, List<Episode>> byUnit = new HashMap<>();
    long ignored = 0;
    for (Episode e : episodes) {
      long[] span = spans.get(e.deviceId());
      if (span == null || e.raisedMs() > span[1]) {
        ignored++;
        continue;
      }
      byUnit.computeIfAbsent(scope.key(e.deviceId(), e.metric()), k -> new ArrayList<>()).add(e);
    }
    byUnit.values().forEach(list -> list.sort(Comparator.comparingLong(Episode::raisedMs)));
    DetectorScore.Point point = point(truth, byUnit);
    return events(truth, byUnit, toleranceMs, point, ignored);
  }

  private static DetectorScore.Point point(GroundTruth truth, Map<String, List<Episode>> byUnit) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    for (LabelledRows rows : truth.rows()) {
      List<Episode> unit =
          byUnit.getOrDefault(truth.scope().key(rows.deviceId(), rows.metric()), List.of());
      List<long[]> active = union(unit);
      int next = 0;
      for (int i = 0; i < rows.size(); i++) {
        long t = rows.timesMs()[i];
        while (next < active.size() && active.get(next)[1] <= t) {
          next++;
        }
        boolean predicted = next < active.size() && active.get(next)[0] <= t;
        boolean labelled = rows.anomalous().get(i);
        if (predicted && labelled) {
          tp++;
        } else if (predicted) {
          fp++;
        } else if (labelled) {
          fn++;
        } else {
          tn++;
        }
      }
    }
    return new DetectorScore.Point(tp, fp, fn, tn);
  }

  /** Disjoint, sorted {@code [from, to)} intervals where at least one episode is active. */
  private static List<long[]> union(List<Episode> sortedByRaise) {
    List<long[]> out = new ArrayList<>();
    for (Episode e : sortedByRaise) {
      if (e.clearedMs() == e.raisedMs()) {
        continue;
      }
      long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && e.raisedMs() <= last[1]) {
        last[1] = Math.max(last[1], e.clearedMs());
      } else {
        out.add(new long[] {e.raisedMs(), e.clearedMs()});
      }
    }
    return out;
  }

  private static DetectorScore events(
      GroundTruth truth,
      Map<String, List<Episode>> byUnit,
      long toleranceMs,
      DetectorScore.Point point,
      long ignored) {
    Map<Episode, Boolean> matched = new IdentityHashMap<>();
    byUnit.values().forEach(list -> list.forEach(e -> matched.put(e, false)));
    Map<String, List<Long>> delaysByKind = new LinkedHashMap<>();
    Map<String, Long> segmentsByKind = new LinkedHashMap<>();
    List<Long> delays = new ArrayList<>();
    for (Segment s : truth.segments()) {
      segmentsByKind.merge(s.kind(), 1L, Long::sum);
      List<Long> kindDelays = delaysByKind.computeIfAbsent(s.kind(), k -> new ArrayList<>());
      List<Episode> unit =
          byUnit.getOrDefault(truth.scope().key(s.deviceId(), s.metric()), List.of());
      long until = saturatedAdd(s.endMs(), toleranceMs);
      long firstRaise = Long.MIN_VALUE;
      for (int i = firstRaisedAtOrAfter(unit, s.startMs());
          i < unit.size() && unit.get(i).raisedMs() < until;
          i++) {
        if (firstRaise == Long.MIN_VALUE) {
          firstRaise = unit.get(i).raisedMs();
        }
        matched.put(unit.get(i), true);
      }
      if (firstRaise != Long.MIN_VALUE) {
        delays.add(firstRaise - s.startMs());
        kindDelays.add(firstRaise - s.startMs());
      }
    }
    long falseAlarms = matched.values().stream().filter(m -> !m).count();
    delays.sort(null);
    Map<String, DetectorScore.KindScore> byKind = new LinkedHashMap<>();
    segmentsByKind.forEach(
        (kind, n) -> {
          List<Long> d = new ArrayList<>(delaysByKind.get(kind));
          d.sort(null);
          byKind.put(kind, new DetectorScore.KindScore(n, d.size(), d));
        });
    DetectorScore.Event event =
        new DetectorScore.Event(
            truth.segments().size(), delays.size(), falseAlarms, delays, truth.days());
    return new DetectorScore(point, event, byKind, ignored);
  }

  private static int firstRaisedAtOrAfter(List<Episode> sortedByRaise, long t) {
    int lo = 0;
    int hi = sortedByRaise.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sortedByRaise.get(mid).raisedMs() < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** Nearest-rank quantile of ascending values: the ⌈q·n⌉-th; {@code NaN} if there are none. */
  static double quantile(List<Long> ascending, double q) {
    if (ascending.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * ascending.size());
    return ascending.get(Math.max(1, rank) - 1);
  }
}
