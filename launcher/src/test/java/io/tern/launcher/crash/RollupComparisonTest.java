package io.tern.launcher.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.proto.v1.Rollup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The crash test's own checker must notice every kind of wrong output log. */
class RollupComparisonTest {

  private static final CrashDataSet DATA = CrashDataSet.generate(2, List.of("a", "b"), 25, 7L);
  private static final Map<WindowKey, ExpectedRollup> EXPECTED =
      DATA.expectedRollups(List.of(Duration.ofSeconds(10)));

  @Test
  void expectedRollups_aggregateEachWindowOfEachSeries() {
    // 25 rows from a 10 s boundary: windows of 10, 10 and 5 readings per device and metric.
    assertThat(EXPECTED).hasSize(2 * 2 * 3);
    long start = CrashDataSet.START.toEpochMilli();
    ExpectedRollup first = EXPECTED.get(new WindowKey("crash-dev-01", "b", 10_000, start));
    double[] values = DATA.values()[1][1];
    double sum = 0;
    for (int r = 0; r < 10; r++) {
      sum += values[r];
    }
    assertThat(first.count()).isEqualTo(10);
    assertThat(first.sum()).isEqualTo(sum);
    assertThat(first.last()).isEqualTo(values[9]);
    assertThat(EXPECTED.get(new WindowKey("crash-dev-01", "b", 10_000, start + 20_000)).count())
        .isEqualTo(5);
  }

  @Test
  void compare_exactLog_isExact() {
    RollupComparison result = RollupComparison.of(EXPECTED, exactLog());
    assertThat(result.exact()).as(result.report(20)).isTrue();
  }

  @Test
  void compare_missingWindow_isReported() {
    List<Rollup> log = exactLog();
    Rollup dropped = log.remove(3);
    RollupComparison result = RollupComparison.of(EXPECTED, log);
    assertThat(result.exact()).isFalse();
    assertThat(result.neverEmitted()).isEqualTo(1);
    assertThat(result.missingReadings()).isEqualTo(dropped.getCount());
  }

  @Test
  void compare_doubledCount_isReportedAsReadingsTooMany() {
    List<Rollup> log = exactLog();
    Rollup r = log.get(0);
    log.add(
        r.toBuilder()
            .setRevision(1)
            .setCount(r.getCount() * 2)
            .setSum(r.getSum() * 2)
            .setMean(r.getSum() / r.getCount())
            .build());
    RollupComparison result = RollupComparison.of(EXPECTED, log);
    assertThat(result.countTooHigh()).isEqualTo(1);
    assertThat(result.extraReadings()).isEqualTo(r.getCount());
  }

  @Test
  void compare_sumOffByRoundingOnly_isTolerated_offByMore_isReported() {
    List<Rollup> log = exactLog();
    Rollup r = log.get(5);
    log.set(5, r.toBuilder().setSum(Math.nextUp(Math.nextUp(r.getSum()))).build());
    assertThat(RollupComparison.of(EXPECTED, log).exact()).isTrue();

    log.set(5, r.toBuilder().setSum(r.getSum() + 0.001).build());
    RollupComparison result = RollupComparison.of(EXPECTED, log);
    assertThat(result.exact()).isFalse();
    assertThat(result.sumOnlyDifferences()).isEqualTo(1);
  }

  @Test
  void compare_sameIdAndRevisionTwice_isReportedEvenWithRightValues() {
    List<Rollup> log = exactLog();
    log.add(log.get(2));
    RollupComparison result = RollupComparison.of(EXPECTED, log);
    assertThat(result.differences()).isEmpty();
    assertThat(result.emittedTwice()).hasSize(1);
    assertThat(result.exact()).isFalse();
  }

  @Test
  void compare_olderRevisionWrong_newestRight_isExact() {
    List<Rollup> log = exactLog();
    Rollup right = log.get(1);
    log.set(1, right.toBuilder().setCount(1).build());
    log.add(right.toBuilder().setRevision(1).build());
    assertThat(RollupComparison.of(EXPECTED, log).exact()).isTrue();
  }

  private static List<Rollup> exactLog() {
    List<Rollup> log = new ArrayList<>();
    EXPECTED.forEach(
        (key, want) ->
            log.add(
                Rollup.newBuilder()
                    .setId(key.toString())
                    .setDeviceId(key.deviceId())
                    .setMetric(key.metric())
                    .setWindowMs(key.windowMs())
                    .setWindowStartMs(key.windowStartMs())
                    .setCount(want.count())
                    .setMin(want.min())
                    .setMax(want.max())
                    .setSum(want.sum())
                    .setMean(want.sum() / want.count())
                    .setLast(want.last())
                    .build()));
    return log;
  }
}
