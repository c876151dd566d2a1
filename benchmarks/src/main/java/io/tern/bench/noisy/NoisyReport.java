package io.tern.bench.noisy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The noisy-neighbour result: latency table of the pooled segments (A without the flooder, B with
 * it, and A split by odd and even cycles), each segment's p99, the p99 ratio B/A against the goal
 * of issue 8 (rises by less than 20 %), the noise between equal conditions, what became of the
 * flood, and whether every reading of the well-behaved devices arrived. Pure.
 */
final class NoisyReport {
  /** Issue 8: the well-behaved devices' p99 ingest latency rises by less than 20 %. */
  static final double GOAL_P99_RATIO = 1.20;

  static final String BASELINE = "A";
  static final String FLOOD = "B";
  static final String NOISE_ODD = "A odd";
  static final String NOISE_EVEN = "A even";

  private NoisyReport() {}

  /** p99 of phase {@code over} divided by p99 of phase {@code under}, if both ran with values. */
  static Optional<Double> p99Ratio(List<PhaseResult> phases, String over, String under) {
    Optional<PhaseResult> top = find(phases, over);
    Optional<PhaseResult> bottom = find(phases, under);
    if (top.isEmpty() || bottom.isEmpty()) {
      return Optional.empty();
    }
    if (top.get().latency().count() == 0 || bottom.get().latency().count() == 0) {
      return Optional.empty();
    }
    if (bottom.get().latency().p99Ms() <= 0) {
      return Optional.empty();
    }
    return Optional.of(top.get().latency().p99Ms() / bottom.get().latency().p99Ms());
  }

  /** The ratio the verdict uses: p99 of B over p99 of A. */
  static Optional<Double> verdictRatio(List<PhaseResult> phases) {
    return p99Ratio(phases, FLOOD, BASELINE);
  }

  /**
   * PASS: the flood's p99 is below 1.20 x the baseline's, the baseline kept its schedule, and
   * nothing was lost.
   */
  static boolean passed(List<PhaseResult> phases, ArrivalCheck arrival) {
    boolean steady = find(phases, BASELINE).map(p -> p.maxBacklog() == 0).orElse(false);
    return arrival.allArrived()
        && steady
        && verdictRatio(phases).map(r -> r < GOAL_P99_RATIO).orElse(false);
  }

  static String render(
      List<PhaseResult> phases,
      List<PhaseResult> segments,
      FloodCounts flood,
      ArrivalCheck arrival) {
    StringBuilder out = new StringBuilder();
    row(out, "pooled segments", phases, p -> p.name() + " (" + p.description() + ")");
    row(out, "measured s", phases, p -> "%.1f".formatted(p.seconds()));
    row(out, "readings/s acked (well-behaved)", phases, p -> count(p.readingsPerSecond()));
    row(out, "batches acked", phases, p -> count(p.batchesAcked()));
    row(out, "PUBACK ms p50", phases, p -> ms(p, p.latency().p50Ms()));
    row(out, "PUBACK ms p90", phases, p -> ms(p, p.latency().p90Ms()));
    row(out, "PUBACK ms p99", phases, p -> ms(p, p.latency().p99Ms()));
    row(out, "PUBACK ms p99.9", phases, p -> ms(p, p.latency().p999Ms()));
    row(out, "PUBACK ms max", phases, p -> ms(p, p.latency().maxMs()));
    row(out, "max batches behind schedule", phases, p -> count(p.maxBacklog()));
    row(out, "refused PUBACKs (retried)", phases, p -> count(p.refused()));
    row(out, "publish errors", phases, p -> count(p.errors()));
    row(out, "flood messages answered/s", phases, p -> count(p.floodPerSecond()));
    out.append(System.lineSeparator());
    if (!segments.isEmpty()) {
      out.append("segments in order, PUBACK p99 ms (flood messages answered):");
      for (PhaseResult s : segments) {
        out.append(" %s %s".formatted(s.name(), ms(s, s.latency().p99Ms())));
        if (s.name().startsWith(FLOOD)) {
          out.append(" (%s)".formatted(count(s.flood().completed())));
        }
        out.append(s == segments.get(segments.size() - 1) ? "" : ",");
      }
      out.append(System.lineSeparator());
    }
    out.append(floodSummary(flood));
    out.append(arrivalSummary(arrival));
    Optional<Double> ratio = verdictRatio(phases);
    out.append(
        "p99 ratio B/A (flood / no flood): %s (goal < %.2f)%n"
            .formatted(ratio.map("%.2f"::formatted).orElse("n/a"), GOAL_P99_RATIO));
    p99Ratio(phases, NOISE_EVEN, NOISE_ODD)
        .ifPresent(
            r ->
                out.append(
                    "p99 ratio A even / A odd (no flood / no flood: the noise of this measurement):"
                        + " %.2f%n".formatted(r)));
    phases.stream()
        .filter(p -> !p.name().equals(FLOOD) && p.maxBacklog() > 0)
        .forEach(
            p ->
                out.append(
                    "note: baseline %s was not steady (up to %,d batches behind schedule): its"
                            .formatted(p.name(), p.maxBacklog())
                        + " latencies include queueing%n".formatted()));
    out.append(
        "result: %s%n"
            .formatted(
                passed(phases, arrival)
                    ? "PASS"
                    : "FAIL (" + failures(phases, ratio, arrival) + ")"));
    return out.toString();
  }

  private static String failures(
      List<PhaseResult> phases, Optional<Double> ratio, ArrivalCheck arrival) {
    List<String> failed = new ArrayList<>();
    if (ratio.isEmpty()) {
      failed.add("no p99 ratio");
    } else if (ratio.get() >= GOAL_P99_RATIO) {
      failed.add("p99 of B is %.2fx A's, goal < %.2f".formatted(ratio.get(), GOAL_P99_RATIO));
    }
    if (find(phases, BASELINE).map(p -> p.maxBacklog() > 0).orElse(false)) {
      failed.add("the baseline fell behind schedule");
    }
    if (!arrival.allArrived()) {
      failed.add("not every reading arrived");
    }
    return String.join("; ", failed);
  }

  static String floodSummary(FloodCounts flood) {
    StringBuilder out = new StringBuilder();
    out.append(
        "flooder (client '%s', whole run): %s attempted, %s acked, %s refused, %s"
                .formatted(
                    Flooder.CLIENT_ID,
                    count(flood.attemptedTotal()),
                    count(flood.acked()),
                    count(flood.refused()),
                    count(flood.noPuback()))
            + " without PUBACK; by outcome: "
            + counts(flood.byOutcome())
            + System.lineSeparator());
    flood
        .attemptedByKind()
        .forEach(
            (kind, n) ->
                out.append(
                    "  %-18s %12s attempted: %s%n"
                        .formatted(kind, count(n), counts(flood.outcomesOf(kind)))));
    out.append(
        "  flooder disconnected by the gateway: %s%n"
            .formatted(flood.disconnects().isEmpty() ? "never" : counts(flood.disconnects())));
    return out.toString();
  }

  static String arrivalSummary(ArrivalCheck a) {
    String n = System.lineSeparator();
    return "data of the %d well-behaved devices: %s%n"
            .formatted(a.devices(), a.allArrived() ? "all arrived" : "NOT all arrived")
        + "  readings sent %s, acked %s; publish errors %s; batches unanswered after the drain %s%n"
            .formatted(
                count(a.readingsSent()),
                count(a.readingsAcked()),
                count(a.publishErrors()),
                count(a.unanswered()))
        + "  gateway /api/status readings %s; /api/devices: %d of %d devices accepted exactly what"
            .formatted(count(a.statusReadings()), a.devicesMatching(), a.devices())
        + " they sent"
        + (a.mismatches().isEmpty() ? "" : " (" + String.join("; ", a.mismatches()) + ")")
        + n
        + "  duplicates dropped %s; dead letters on their ids (spoofs) %s; readings accepted for"
            .formatted(count(a.duplicates()), count(a.deadLettersOnDevices()))
        + " other ids %s%n".formatted(count(a.othersAccepted()));
  }

  private static String counts(Map<String, Long> byName) {
    if (byName.isEmpty()) {
      return "none";
    }
    StringBuilder out = new StringBuilder();
    byName.forEach(
        (name, n) ->
            out.append(out.isEmpty() ? "" : ", ").append(name).append(" x").append(count(n)));
    return out.toString();
  }

  private static Optional<PhaseResult> find(List<PhaseResult> phases, String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private static String ms(PhaseResult p, double value) {
    return p.latency().count() == 0 ? "n/a" : "%.2f".formatted(value);
  }

  private static void row(
      StringBuilder out,
      String name,
      List<PhaseResult> phases,
      Function<PhaseResult, String> cell) {
    out.append("%-32s".formatted(name));
    for (PhaseResult p : phases) {
      out.append("  %26s".formatted(cell.apply(p)));
    }
    out.append(System.lineSeparator());
  }

  static String count(double value) {
    return "%,.0f".formatted(value);
  }
}
