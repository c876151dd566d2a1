package io.tern.bench.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bench.rollup.RollupReport.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupReportTest {

  @Test
  void table_showsRatioAndWhetherTheGoalIsMet() {
    RollupReport report =
        new RollupReport(
            List.of(
                new Row("ternPipeline", 150_000, 10_000, 17_000),
                new Row("kafkaStreams", 7_500, 500, 750)));

    String table = report.table(10);

    assertThat(table).contains("ternPipeline", "150,000", "kafkaStreams", "7,500");
    assertThat(table).contains("ratio ternPipeline / kafkaStreams: 20.0x (goal >= 10x): met");
    assertThat(table).contains("ratio with both error bars against us: 17.5x");
  }

  @Test
  void table_saysWhenTheGoalIsMissed_andHasNoRatioWithoutThePeer() {
    RollupReport missed =
        new RollupReport(
            List.of(
                new Row("ternPipeline", 50_000, Double.NaN, 1),
                new Row("kafkaStreams", 10_000, Double.NaN, 1)));
    assertThat(missed.table(10))
        .contains("5.0x (goal >= 10x): NOT met")
        .doesNotContain("error bars");

    RollupReport alone = new RollupReport(List.of(new Row("ternPipeline", 50_000, 1, 1)));
    assertThat(alone.table(10)).contains("ternPipeline").doesNotContain("ratio");
  }
}
