package io.tern.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  private static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0);

  private static SideResult side(
      String label, long delivered, long ackedTotal, long deliveredTotal) {
    return new SideResult(
        label,
        label + " system",
        10,
        100,
        2000,
        delivered,
        NONE,
        NONE,
        0,
        0,
        ackedTotal,
        deliveredTotal,
        true,
        "");
  }

  @Test
  void ratioIsOursOverPeerDeliveredPerSecond() {
    List<SideResult> results = List.of(side("peer", 40_000, 10, 10), side("ours", 50_000, 10, 10));

    assertThat(ResultTable.ratio(results)).hasValue(1.25);
    assertThat(ResultTable.render(results))
        .contains("ratio ours/peer readings/s delivered: 1.25x (goal >= 1.0x: met)")
        .contains("5,000"); // ours: 50,000 readings over 10 s
  }

  @Test
  void belowTheGoalSaysSo() {
    List<SideResult> results = List.of(side("ours", 10_000, 10, 10), side("peer", 40_000, 10, 10));

    assertThat(ResultTable.render(results)).contains("0.25x (goal >= 1.0x: NOT met)");
  }

  @Test
  void bridgeSides_getARatioVsTheGatewayAlone() {
    List<SideResult> results =
        List.of(
            side("ours", 50_000, 10, 10),
            side("ours+bridge(tx)", 46_000, 10, 10),
            side("ours+bridge(idem)", 44_000, 10, 10));

    assertThat(ResultTable.render(results))
        .contains("ratio ours+bridge(tx)/ours readings/s delivered: 0.92x (goal >= 0.9x: met)")
        .contains(
            "ratio ours+bridge(idem)/ours readings/s delivered: 0.88x (goal >= 0.9x: NOT met)")
        .doesNotContain("ours/peer");
  }

  @Test
  void noRatioWithOneSideOnly() {
    assertThat(ResultTable.ratio(List.of(side("ours", 1, 1, 1)))).isEmpty();
    assertThat(ResultTable.render(List.of(side("ours", 1, 1, 1)))).doesNotContain("ratio");
  }

  @Test
  void lostIsAckedMinusDelivered() {
    SideResult result = side("peer", 1, 1_000, 940);

    assertThat(result.lost()).isEqualTo(60);
    assertThat(ResultTable.render(List.of(result))).contains("readings lost after drain");
  }
}
