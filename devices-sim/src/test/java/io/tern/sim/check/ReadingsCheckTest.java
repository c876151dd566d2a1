package io.tern.sim.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.sim.check.ReadingsCheck.WindowMismatch;
import io.tern.sim.generated.GeneratedCount;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReadingsCheckTest {

  private static final long T0 = 1_767_225_600_000L; // 2026-01-01, a multiple of 10 s

  /** 10 readings per second for 30 s of device d, metric m: three 10 s windows of 100. */
  private static List<GeneratedCount> thirtySeconds() {
    List<GeneratedCount> counts = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      counts.add(new GeneratedCount("d", "m", T0 + s * 1_000L, 1_000, 10));
    }
    return counts;
  }

  private static ObservedRollup rollup(long start, long count, long revision) {
    return new ObservedRollup("d", "m", start, 10_000, count, revision);
  }

  private static List<ObservedRollup> exact() {
    return new ArrayList<>(
        List.of(rollup(T0, 100, 0), rollup(T0 + 10_000, 100, 0), rollup(T0 + 20_000, 100, 0)));
  }

  @Test
  void exactCounts_nothingLostNothingDoubled() {
    ReadingsCheck.Result result =
        ReadingsCheck.compare(thirtySeconds(), exact(), OptionalLong.empty());

    assertThat(result.windowMs()).isEqualTo(10_000);
    assertThat(result.generated()).isEqualTo(300);
    assertThat(result.counted()).isEqualTo(300);
    assertThat(result.lost()).isZero();
    assertThat(result.doubled()).isZero();
    assertThat(result.mismatches()).isEmpty();
  }

  @Test
  void missingWindow_countsItsReadingsAsLost() {
    List<ObservedRollup> rollups = exact();
    rollups.remove(1);

    ReadingsCheck.Result result =
        ReadingsCheck.compare(thirtySeconds(), rollups, OptionalLong.empty());

    assertThat(result.lost()).isEqualTo(100);
    assertThat(result.doubled()).isZero();
    assertThat(result.mismatches())
        .containsExactly(new WindowMismatch("d", "m", T0 + 10_000, 100, 0));
  }

  @Test
  void repeatedFinalLine_countsAsDoubled_andShortWindowAsLost() {
    List<ObservedRollup> rollups = exact();
    rollups.add(rollup(T0 + 20_000, 100, 0));
    rollups.set(0, rollup(T0, 97, 0));

    ReadingsCheck.Result result =
        ReadingsCheck.compare(thirtySeconds(), rollups, OptionalLong.empty());

    assertThat(result.lost()).isEqualTo(3);
    assertThat(result.doubled()).isEqualTo(100);
    assertThat(result.repeatedLines()).isEqualTo(1);
    assertThat(result.series())
        .singleElement()
        .satisfies(s -> assertThat(s.windowsWrong()).isEqualTo(2));
  }

  @Test
  void highestRevisionCounts_supersededRevisionsAndTheirRepeatsDoNot() {
    List<ObservedRollup> rollups = exact();
    rollups.set(0, rollup(T0, 60, 0));
    rollups.add(rollup(T0, 60, 0));
    rollups.add(rollup(T0, 100, 1));

    ReadingsCheck.Result result =
        ReadingsCheck.compare(thirtySeconds(), rollups, OptionalLong.empty());

    assertThat(result.lost()).isZero();
    assertThat(result.doubled()).isZero();
  }

  @Test
  void windowsOutsideTheRunAndOtherSeries_areNotCompared() {
    List<ObservedRollup> rollups = exact();
    rollups.add(rollup(T0 - 10_000, 5, 0));
    rollups.add(new ObservedRollup("other", "m", T0, 10_000, 7, 0));
    rollups.add(new ObservedRollup("d", "m", T0, 60_000, 300, 0));

    ReadingsCheck.Result result =
        ReadingsCheck.compare(thirtySeconds(), rollups, OptionalLong.empty());

    assertThat(result.windowMs()).isEqualTo(10_000);
    assertThat(result.outsideRun()).isEqualTo(1);
    assertThat(result.lost()).isZero();
    assertThat(result.doubled()).isZero();
  }

  @Test
  void phantomWindowInsideTheRun_countsAsDoubled() {
    List<GeneratedCount> gap = new ArrayList<>(thirtySeconds());
    gap.removeIf(c -> c.bucketStartMs() >= T0 + 10_000 && c.bucketStartMs() < T0 + 20_000);

    ReadingsCheck.Result result = ReadingsCheck.compare(gap, exact(), OptionalLong.empty());

    assertThat(result.generated()).isEqualTo(200);
    assertThat(result.doubled()).isEqualTo(100);
  }

  @Test
  void noRollupAtAll_everythingLost() {
    ReadingsCheck.Result result =
        ReadingsCheck.compare(thirtySeconds(), List.of(), OptionalLong.empty());

    assertThat(result.windowMs()).isZero();
    assertThat(result.lost()).isEqualTo(300);
  }

  @Test
  void windowNotAMultipleOfTheBucket_isRefused() {
    List<ObservedRollup> halfSeconds = List.of(new ObservedRollup("d", "m", T0, 2_500, 25, 0));

    assertThatThrownBy(
            () -> ReadingsCheck.compare(thirtySeconds(), halfSeconds, OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2500 ms is not a multiple");
  }

  @Test
  void requestedWindowSizeAbsentFromTheOutputs_isRefused() {
    assertThatThrownBy(
            () -> ReadingsCheck.compare(thirtySeconds(), exact(), OptionalLong.of(60_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no rollup of window 60000 ms in the outputs (window sizes there: [10000] ms)");
  }

  @Test
  void lastWindowsEmitted_onlyOnceTheWindowOfTheLastReadingIsThere() {
    List<ObservedRollup> rollups = exact();
    assertThat(ReadingsCheck.lastWindowsEmitted(thirtySeconds(), rollups)).isTrue();
    rollups.remove(2);
    assertThat(ReadingsCheck.lastWindowsEmitted(thirtySeconds(), rollups)).isFalse();
    assertThat(ReadingsCheck.lastWindowsEmitted(thirtySeconds(), List.of())).isFalse();
  }
}
