package io.tern.gateway.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.WindowOutcome.Lateness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollupWindowsTest {
  static final long T0 = 1_700_000_000_000L; // a multiple of 10 s (not of 1 min)
  private static final long NOW = 5_000_000L; // pipeline clock; only matters for idle close
  private final RollupWindows windows = new RollupWindows(settings(Duration.ofSeconds(10)));
  private final List<Rollup> emitted = new ArrayList<>();

  static RollupSettings settings(Duration... sizes) {
    return new RollupSettings(
        List.of(sizes),
        Duration.ofSeconds(2),
        Optional.empty(),
        Duration.ofHours(24),
        64,
        List.of(),
        0.01);
  }

  @Test
  void window_isEmittedWhenWatermarkReachesEndPlusGrace() {
    add("d", "t", 0, 1.0);
    add("d", "t", 9_999, 2.0);
    add("d", "t", 11_999, 3.0);
    assertThat(emitted).isEmpty();

    add("d", "t", 12_000, 4.0);

    assertThat(emitted)
        .containsExactly(
            new Rollup("d", "t", T0, 10_000, 2, 1.0, 2.0, 3.0, 1.5, 2.0, List.of(), 0));
    assertThat(emitted.get(0).id()).isEqualTo("d/t/" + T0 + "/10000");
  }

  @Test
  void boundaries_startIsInclusiveEndIsExclusive() {
    add("d", "t", -1, 5.0); // previous window
    add("d", "t", 0, 1.0);
    add("d", "t", 10_000, 7.0); // next window
    add("d", "t", 40_000, 0.0);

    assertThat(emitted)
        .extracting(Rollup::windowStartMs, Rollup::count, Rollup::last)
        .containsExactly(
            tuple(T0 - 10_000, 1L, 5.0), tuple(T0, 1L, 1.0), tuple(T0 + 10_000, 1L, 7.0));
  }

  @Test
  void outOfOrderReadingWithinGrace_isCounted_andDoesNotBecomeLast() {
    add("d", "t", 5_000, 1.0);
    add("d", "t", 11_000, 9.0); // next window; watermark 11 s
    add("d", "t", 9_500, 4.0); // 1.5 s late: within grace
    add("d", "t", 2_000, 2.0); // older than the current last
    add("d", "t", 12_000, 0.0); // closes [0, 10)

    Rollup rollup = emitted.get(0);
    assertThat(rollup.count()).isEqualTo(3);
    assertThat(rollup.sum()).isEqualTo(7.0);
    assertThat(rollup.min()).isEqualTo(1.0);
    assertThat(rollup.max()).isEqualTo(4.0);
    assertThat(rollup.last()).isEqualTo(4.0); // greatest event time (9.5 s), not last arrival
  }

  @Test
  void lateReading_producesCorrectedRevision_withSameId() {
    add("d", "t", 1_000, 1.0);
    add("d", "t", 3_000, 3.0);
    add("d", "t", 12_000, 2.0); // closes [0, 10): revision 0

    WindowOutcome outcome = windows.add(reading("d", "t", 9_999, 100.0), NOW);
    windows.add(reading("d", "t", 500, -4.0), NOW); // same window, same flush

    assertThat(outcome).isEqualTo(new WindowOutcome(List.of(), Lateness.LATE));
    List<Rollup> corrections = windows.flushCorrections();
    assertThat(corrections)
        .containsExactly(
            new Rollup("d", "t", T0, 10_000, 4, -4.0, 100.0, 100.0, 25.0, 100.0, List.of(), 1));
    assertThat(corrections.get(0).id()).isEqualTo(emitted.get(0).id());
    assertThat(windows.flushCorrections()).as("nothing changed since").isEmpty();

    windows.add(reading("d", "t", 2_000, 2.0), NOW);
    assertThat(windows.flushCorrections())
        .extracting(Rollup::revision, Rollup::count)
        .containsExactly(tuple(2, 5L));
  }

  @Test
  void lateReadingForWindowNeverOpened_isEmittedAsRevisionZero() {
    add("d", "t", 30_000, 1.0);

    assertThat(windows.add(reading("d", "t", 5_000, 7.0), NOW).lateness()).isEqualTo(Lateness.LATE);

    assertThat(windows.flushCorrections())
        .extracting(Rollup::windowStartMs, Rollup::count, Rollup::revision)
        .containsExactly(tuple(T0, 1L, 0));
  }

  @Test
  void lateReadingBeyondRetainedWindowCount_isTooLate_andEmitsNothing() {
    RollupWindows kept =
        new RollupWindows(
            new RollupSettings(
                List.of(Duration.ofSeconds(10)),
                Duration.ZERO,
                Optional.empty(),
                Duration.ofHours(24),
                2,
                List.of(),
                0.01));
    for (long t = 0; t <= 40_000; t += 10_000) { // emits [0,10) .. [30,40); keeps the last 2
      kept.add(reading("d", "t", t, 1.0), NOW);
    }

    assertThat(kept.add(reading("d", "t", 15_000, 1.0), NOW).lateness())
        .isEqualTo(Lateness.TOO_LATE);
    assertThat(kept.add(reading("d", "t", 25_000, 1.0), NOW).lateness()).isEqualTo(Lateness.LATE);
    assertThat(kept.flushCorrections())
        .extracting(r -> r.windowStartMs() - T0, Rollup::count, Rollup::revision)
        .containsExactly(tuple(20_000L, 2L, 1));
  }

  @Test
  void lateReadingOlderThanRetentionTime_isTooLate() {
    add("d", "t", 0, 1.0);
    add("d", "t", Duration.ofHours(25).toMillis(), 1.0);

    assertThat(windows.add(reading("d", "t", 1_000, 1.0), NOW).lateness())
        .isEqualTo(Lateness.TOO_LATE);
    assertThat(windows.flushCorrections()).isEmpty();
  }

  @Test
  void watermark_isPerDevice_andIsTheMaxEventTime() {
    add("a", "t", 1_000, 1.0);
    add("b", "t", 60_000, 1.0); // device b's clock must not close device a's windows
    assertThat(emitted).isEmpty();

    add("a", "t", 500, 1.0); // older: watermark stays
    assertThat(windows.watermark("a")).hasValue(T0 + 1_000);
    assertThat(windows.watermark("zz")).isEmpty();
  }

  @Test
  void closedWindows_comeOutOldestFirst_metricsInNameOrder() {
    add("d", "zeta", 1_000, 1.0);
    add("d", "alpha", 2_000, 1.0);
    add("d", "alpha", 11_000, 1.0);
    add("d", "alpha", 100_000, 1.0); // closes everything before 88 s

    assertThat(emitted)
        .extracting(r -> r.metric() + "@" + (r.windowStartMs() - T0))
        .containsExactly("alpha@0", "zeta@0", "alpha@10000");
  }

  @Test
  void severalSizes_eachReadingIsInOneWindowOfEachSize() {
    RollupWindows multi =
        new RollupWindows(settings(Duration.ofSeconds(10), Duration.ofMinutes(1)));
    long minute = Math.floorDiv(T0, 60_000) * 60_000; // T0 - 20 s
    List<Rollup> out = new ArrayList<>();
    for (long t = 0; t < 45_000; t += 1_000) {
      out.addAll(multi.add(reading("d", "t", t, 1.0), NOW).closed());
    }
    out.addAll(multi.add(reading("d", "t", 42_000 + 20_000, 1.0), NOW).closed());

    assertThat(out)
        .filteredOn(r -> r.windowMs() == 60_000)
        .extracting(Rollup::windowStartMs, Rollup::count)
        .containsExactly(tuple(minute, 40L)); // [T0 - 20 s, T0 + 40 s)
    assertThat(out).filteredOn(r -> r.windowMs() == 10_000).hasSize(5);
  }

  @Test
  void idleDevice_getsItsLastWindowsAfterTheIdleTimeout_andLaterReadingsRevise() {
    add("d", "t", 1_000, 1.0);
    add("d", "t", 4_000, 2.0);

    assertThat(windows.closeIdle(NOW + 11_999)).isEmpty(); // size + grace not yet over
    assertThat(windows.closeIdle(NOW + 12_000))
        .extracting(Rollup::windowStartMs, Rollup::count, Rollup::revision)
        .containsExactly(tuple(T0, 2L, 0));
    assertThat(windows.closeIdle(NOW + 60_000)).as("emitted once").isEmpty();

    WindowOutcome late = windows.add(reading("d", "t", 5_000, 3.0), NOW + 70_000);
    assertThat(late.lateness()).isEqualTo(Lateness.LATE);
    assertThat(windows.flushCorrections())
        .extracting(Rollup::count, Rollup::revision)
        .containsExactly(tuple(3L, 1));
    assertThat(windows.add(reading("d", "t", 10_000, 3.0), NOW + 70_000))
        .as("the next window opens as usual")
        .isEqualTo(WindowOutcome.ON_TIME);
  }

  @Test
  void openWindows_countsEachPendingRollup_perSizeAndMetric_andDropsAsTheyAreEmitted() {
    RollupWindows multi =
        new RollupWindows(settings(Duration.ofSeconds(10), Duration.ofMinutes(1)));
    assertThat(multi.openWindows()).isZero();

    multi.add(reading("a", "t", 1_000, 1.0), NOW);
    multi.add(reading("a", "h", 1_000, 1.0), NOW);
    multi.add(reading("a", "t", 2_000, 1.0), NOW); // same windows
    multi.add(reading("b", "t", 1_000, 1.0), NOW);
    assertThat(multi.openWindows()).as("3 series x 2 sizes").isEqualTo(6);

    multi.add(reading("a", "t", 12_000, 1.0), NOW); // closes a's two 10 s windows, opens one
    assertThat(multi.openWindows()).isEqualTo(5);

    multi.add(reading("a", "t", 3_000, 1.0), NOW); // late: revises, opens nothing
    multi.flushCorrections();
    assertThat(multi.openWindows()).isEqualTo(5);

    multi.closeIdle(NOW + Duration.ofHours(2).toMillis());
    assertThat(multi.openWindows()).isZero();
  }

  @Test
  void zeroGrace_emitsAtWindowEnd() {
    RollupSettings zero =
        new RollupSettings(
            List.of(Duration.ofSeconds(1)),
            Duration.ZERO,
            Optional.empty(),
            Duration.ofHours(1),
            8,
            List.of(),
            0.01);
    RollupWindows strict = new RollupWindows(zero);
    strict.add(reading("d", "t", 0, 1.0), NOW);

    assertThat(strict.add(reading("d", "t", 1_000, 1.0), NOW).closed()).hasSize(1);
  }

  private void add(String device, String metric, long offsetMs, double value) {
    WindowOutcome outcome = windows.add(reading(device, metric, offsetMs, value), NOW);
    assertThat(outcome.lateness()).isEqualTo(Lateness.ON_TIME);
    emitted.addAll(outcome.closed());
  }

  static Reading reading(String device, String metric, long offsetMs, double value) {
    return new Reading(device, 1, offsetMs, metric, value, T0 + offsetMs);
  }
}
