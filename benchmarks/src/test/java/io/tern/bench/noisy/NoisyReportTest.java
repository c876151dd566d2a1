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
    assertThat(NoisyReport.render(phases, FLOOD, ARRIVED))
        .contains("p99 ratio B/A (flood / before the flood): 1.15 (goal < 1.20)")
        .contains("result: PASS");
  }

  @Test
  void exactlyTwentyPercent_fails() {
    List<PhaseResult> phases = List.of(phase("A", 10), phase("B", 12));

    assertThat(NoisyReport.passed(phases, ARRIVED)).isFalse();
    assertThat(NoisyReport.render(phases, FLOOD, ARRIVED))
        .contains("result: FAIL (p99 of B is 1.20x a baseline's, goal < 1.20)");
  }

  @Test
  void lostReadings_fail_evenWithinTheLatencyGoal() {
    List<PhaseResult> phases = List.of(phase("A", 10), phase("B", 10));

    assertThat(NoisyReport.passed(phases, LOST)).isFalse();
    assertThat(NoisyReport.render(phases, FLOOD, LOST))
        .contains("NOT all arrived")
        .contains("bench-00000 sent 100, accepted 90")
        .contains("result: FAIL (not every reading arrived)");
  }

  @Test
  void bothFailures_areNamed() {
    List<PhaseResult> phases = List.of(phase("A", 10), phase("B", 30));

    assertThat(NoisyReport.render(phases, FLOOD, LOST))
        .contains(
            "result: FAIL (p99 of B is 3.00x a baseline's, goal < 1.20; not every reading arrived)");
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
    assertThat(NoisyReport.render(onlyA, FloodCounts.none(), ARRIVED))
        .contains("B/A (flood / before the flood): n/a")
        .contains("result: FAIL (no p99 ratio)");
  }

  @Test
  void repeatedBaseline_addsDriftRatios() {
    List<PhaseResult> phases = List.of(phase("A", 10), phase("B", 11), phase("A2", 10.5));

    assertThat(NoisyReport.render(phases, FLOOD, ARRIVED))
        .contains("p99 ratio B/A2 (flood / after the flood): 1.05 (goal < 1.20)")
        .contains("p99 ratio A2/A (no flood, after / before: drift and noise): 1.05")
        .contains("result: PASS");
    assertThat(NoisyReport.render(phases.subList(0, 2), FLOOD, ARRIVED)).doesNotContain("A2");
  }

  @Test
  void aSpoiledFirstBaseline_doesNotMakeTheFloodLookGood() {
    // A measured while the gateway was still catching up after its start: huge p99.
    List<PhaseResult> phases =
        List.of(behindSchedule(phase("A", 10_000), 9_000), phase("B", 500), phase("A2", 80));

    assertThat(NoisyReport.verdictRatio(phases).orElseThrow()).isCloseTo(6.25, within(1e-9));
    assertThat(NoisyReport.passed(phases, ARRIVED)).isFalse();
    assertThat(NoisyReport.render(phases, FLOOD, ARRIVED))
        .contains("p99 ratio B/A (flood / before the flood): 0.05")
        .contains("note: baseline A was not steady (up to 9,000 batches behind schedule)")
        .contains("result: FAIL (p99 of B is 6.25x a baseline's, goal < 1.20)");
  }

  @Test
  void tableHasEveryPercentile_andTheFloodByKindAndReasonCode() {
    String report = NoisyReport.render(List.of(phase("A", 10), phase("B", 11)), FLOOD, ARRIVED);

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
