package io.tern.bench.ingest;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Renders the final side-by-side table and the ours/peer ratio. Pure. */
final class ResultTable {
  /** The goal of issue 4: our full pipeline delivers at least the peer's readings/s. */
  static final double GOAL_RATIO = 1.0;

  /** The goal of issue 6: the gateway with the cloud bridge keeps 90 % of its throughput. */
  static final double BRIDGE_GOAL_RATIO = 0.9;

  private ResultTable() {}

  /** ours / peer delivered readings per second, if both ran and the peer delivered something. */
  static Optional<Double> ratio(List<SideResult> results) {
    Optional<SideResult> peer = find(results, "peer");
    Optional<SideResult> ours = find(results, "ours");
    if (peer.isEmpty() || ours.isEmpty() || peer.get().deliveredPerSecond() <= 0) {
      return Optional.empty();
    }
    return Optional.of(ours.get().deliveredPerSecond() / peer.get().deliveredPerSecond());
  }

  private static Optional<SideResult> find(List<SideResult> results, String label) {
    return results.stream().filter(r -> r.label().equals(label)).findFirst();
  }

  static String render(List<SideResult> results) {
    StringBuilder out = new StringBuilder();
    row(out, "", results, SideResult::label);
    row(out, "readings/s delivered", results, r -> count(r.deliveredPerSecond()));
    row(out, "readings/s acked (PUBACK)", results, r -> count(r.ackedReadingsPerSecond()));
    row(out, "messages/s acked", results, r -> count(r.ackedMessagesPerSecond()));
    row(out, "PUBACK ms p50/p90/p99/p99.9/max", results, r -> r.ackLatency().format());
    row(out, "receipt ms p50/p90/p99/p99.9/max", results, r -> r.receiptLatency().format());
    row(out, "refused PUBACKs (retried)", results, r -> count(r.refused()));
    row(out, "publish errors", results, r -> count(r.errors()));
    row(out, "readings acked (whole run)", results, r -> count(r.readingsAckedTotal()));
    row(out, "readings lost after drain", results, r -> count(r.lost()) + drain(r));
    for (SideResult r : results) {
      out.append("%s = %s%s%n".formatted(r.label(), r.description(), notes(r)));
    }
    find(results, "ours")
        .filter(ours -> ours.deliveredPerSecond() > 0)
        .ifPresent(
            ours -> {
              for (SideResult r : results) {
                if (r.label().startsWith("ours+bridge")) {
                  double ratio = r.deliveredPerSecond() / ours.deliveredPerSecond();
                  out.append(
                      "ratio %s/ours readings/s delivered: %.2fx (goal >= %.1fx: %s)%n"
                          .formatted(
                              r.label(),
                              ratio,
                              BRIDGE_GOAL_RATIO,
                              ratio >= BRIDGE_GOAL_RATIO ? "met" : "NOT met"));
                }
              }
            });
    ratio(results)
        .ifPresent(
            ratio ->
                out.append(
                    "ratio ours/peer readings/s delivered: %.2fx (goal >= %.1fx: %s)%n"
                        .formatted(ratio, GOAL_RATIO, ratio >= GOAL_RATIO ? "met" : "NOT met")));
    return out.toString();
  }

  private static String drain(SideResult r) {
    return r.drained() ? "" : " (drain timed out)";
  }

  private static String notes(SideResult r) {
    return r.notes().isEmpty() ? "" : "; " + r.notes();
  }

  private static void row(
      StringBuilder out, String name, List<SideResult> results, Function<SideResult, String> cell) {
    out.append("%-34s".formatted(name));
    for (SideResult r : results) {
      out.append("  %34s".formatted(cell.apply(r)));
    }
    out.append(System.lineSeparator());
  }

  static String count(double value) {
    return "%,.0f".formatted(value);
  }
}
