package io.tern.bench.noisy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tern.bench.ingest.FleetTotals;
import io.tern.bench.ingest.Percentiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoisyReportTest {
  private static final ArrivalCheck ARRIVED =
      ArrivalCheck.of(
          Map.of("bench-00000", 100L),
          new FleetTotals(10, 100, 10, 100, 0, 0, 0, 0),
          100,
          Map.of("bench-00000", new ArrivalCheck.ApiDevice(100, 0, 0)));
  private static final ArrivalCheck LOST =
      ArrivalCheck.of(
          Map.of("bench-00000", 100L),
          new FleetTotals(10, 100, 10, 100, 0, 0, 0, 0),
          90,
          Map.of("bench-00000", new ArrivalCheck.ApiDevice(90, 0, 0)));
  private static final FloodCounts FLOOD =
      new FloodCounts(
          Map.of(FloodKind.GARBAGE, 7L, FloodKind.NON_FINITE, 3L),
          Map.of(
              FloodKind.GARBAGE,
              Map.of("PAYLOAD_FORMAT_INVALID (0x99)", 5L, "QUOTA_EXCEEDED (0x97)", 2L),
              FloodKind.NON_FINITE,
              Map.of("SUCCESS (0x00)", 3L)),
          3,
          7,
          0,
          Map.of());

  private static PhaseResult phase(String name, double p99Ms) {
    Percentiles latency = new Percentiles(1000, 1.0, 2.0, p99Ms, p99Ms + 1, p99Ms + 2);
    FloodCounts flood = name.equals("B") ? FLOOD : FloodCounts.none();
    return new PhaseResult(name, "x", 10, 1000, 10_000, 0, 0, latency, 0, flood);
  }

  private static PhaseResult behindSchedule(PhaseResult p, long maxBacklog) {
    return new PhaseResult(
        p.name(),
        p.description(),
        p.seconds(),
        p.batchesAcked(),
        p.readingsAcked(),
        p.refused(),
        p.errors(),
        p.latency(),
        maxBacklog,
        p.flood());
  }

  @Test
  void ratioIsFloodP99OverBaselineP99() {
    List<PhaseResult> phases = List.of(phase("A", 10), phase("B", 11.5));

    assertThat(NoisyReport.p99Ratio(phases, "B", "A").orElseThrow()).isCloseTo(1.15, within(1e-9));
    assertThat(NoisyReport.passed(phases, ARRIVED)).isTrue();
    assertThat(NoisyReport.render(phases, List.of(), FLOOD, ARRIVED))
        .contains("p99 ratio B/A (flood / no flood): 1.15 (goal < 1.20)")
        .contains("result: PASS");
  }

  @Test
  void exactlyTwentyPercent_fails() {
    List<PhaseResult> phases = List.of(phase("A", 10), phase("B", 12));

    assertThat(NoisyReport.passed(phases, ARRIVED)).isFalse();
    assertThat(NoisyReport.render(phases, List.of(), FLOOD, ARRIVED))
        .contains("result: FAIL (p99 of B is 1.20x A's, goal < 1.20)");
  }

  @Test
  void lostReadings_fail_evenWithinTheLatencyGoal() {
    List<PhaseResult> phases = List.of(phase("A", 10), phase("B", 10));

    assertThat(NoisyReport.passed(phases, LOST)).isFalse();
    assertThat(NoisyReport.render(phases, List.of(), FLOOD, LOST))
        .contains("NOT all arrived")
        .contains("bench-00000 sent 100, accepted 90")
        .contains("result: FAIL (not every reading arrived)");
  }

  @Test
  void bothFailures_areNamed() {
    List<PhaseResult> phases = List.of(phase("A", 10), phase("B", 30));

    assertThat(NoisyReport.render(phases, List.of(), FLOOD, LOST))
        .contains("result: FAIL (p99 of B is 3.00x A's, goal < 1.20; not every reading arrived)");
  }

  @Test
  void withoutAFloodPhaseOrLatencies_thereIsNoRatio_andNoPass() {
    List<PhaseResult> onlyA = List.of(phase("A", 10));
    PhaseResult emptyB =
        new PhaseResult(
            "B", "x", 10, 0, 0, 0, 0, new Percentiles(0, 0, 0, 0, 0, 0), 0, FloodCounts.none());

    assertThat(NoisyReport.p99Ratio(onlyA, "B", "A")).isEmpty();
    assertThat(NoisyReport.p99Ratio(List.of(phase("A", 10), emptyB), "B", "A")).isEmpty();
    assertThat(NoisyReport.passed(onlyA, ARRIVED)).isFalse();
    assertThat(NoisyReport.render(onlyA, List.of(), FloodCounts.none(), ARRIVED))
        .contains("B/A (flood / no flood): n/a")
        .contains("result: FAIL (no p99 ratio)");
  }

  @Test
  void theNoiseBetweenOddAndEvenBaselines_isReported_butDoesNotDecide() {
    List<PhaseResult> phases =
        List.of(phase("A", 10), phase("B", 11), phase("A odd", 8), phase("A even", 12));

    assertThat(NoisyReport.render(phases, List.of(), FLOOD, ARRIVED))
        .contains("p99 ratio B/A (flood / no flood): 1.10 (goal < 1.20)")
        .contains("A even / A odd (no flood / no flood: the noise of this measurement): 1.50")
        .contains("result: PASS");
  }

  @Test
  void aBaselineBehindSchedule_fails_whateverTheRatio() {
    List<PhaseResult> phases = List.of(behindSchedule(phase("A", 10_000), 9_000), phase("B", 500));

    assertThat(NoisyReport.passed(phases, ARRIVED)).isFalse();
    assertThat(NoisyReport.render(phases, List.of(), FLOOD, ARRIVED))
        .contains("p99 ratio B/A (flood / no flood): 0.05")
        .contains("note: baseline A was not steady (up to 9,000 batches behind schedule)")
        .contains("result: FAIL (the baseline fell behind schedule)");
  }

  @Test
  void segments_areListedInOrder_withTheFloodAnsweredInB() {
    PhaseResult b1 = phase("B1", 12);
    PhaseResult b1Flooded =
        new PhaseResult("B1", "flood", 10, 1000, 10_000, 0, 0, b1.latency(), 0, FLOOD);
    String report =
        NoisyReport.render(
            List.of(phase("A", 10), phase("B", 12)),
            List.of(phase("A1", 10), b1Flooded, phase("B2", 11), phase("A2", 9)),
            FLOOD,
            ARRIVED);

    assertThat(report)
        .contains(
            "segments in order, PUBACK p99 ms (flood messages answered): A1 10.00, B1 12.00 (10),"
                + " B2 11.00 (0), A2 9.00");
  }

  @Test
  void tableHasEveryPercentile_andTheFloodByKindAndReasonCode() {
    String report =
        NoisyReport.render(List.of(phase("A", 10), phase("B", 11)), List.of(), FLOOD, ARRIVED);

    assertThat(report)
        .contains("PUBACK ms p50", "PUBACK ms p90", "PUBACK ms p99 ", "PUBACK ms p99.9")
        .contains("11.00", "12.00") // B's p99 and p99.9
        .contains("10 attempted, 3 acked, 7 refused, 0 without PUBACK")
        .contains("PAYLOAD_FORMAT_INVALID (0x99) x5, QUOTA_EXCEEDED (0x97) x2, SUCCESS (0x00) x3")
        .containsPattern("GARBAGE +7 attempted: PAYLOAD_FORMAT_INVALID \\(0x99\\) x5, QUOTA")
        .containsPattern("MALFORMED_PROTOBUF +0 attempted: none")
        .contains("flooder disconnected by the gateway: never")
        .contains("flood messages answered/s");
  }
}
