package io.tern.gateway.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupWindowsTest {
  private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s
  private final RollupWindows windows =
      new RollupWindows(Duration.ofSeconds(10), Duration.ofSeconds(2));
  private final List<Rollup> emitted = new ArrayList<>();

  @Test
  void window_isEmittedWhenWatermarkReachesEndPlusGrace() {
    add("d", "t", 0, 1.0);
    add("d", "t", 9_999, 2.0);
    add("d", "t", 11_999, 3.0);
    assertThat(emitted).isEmpty();

    add("d", "t", 12_000, 4.0);

    assertThat(emitted)
        .containsExactly(new Rollup("d", "t", T0, 10_000, 2, 1.0, 2.0, 3.0, 1.5, 2.0, 0));
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
            org.assertj.core.groups.Tuple.tuple(T0 - 10_000, 1L, 5.0),
            org.assertj.core.groups.Tuple.tuple(T0, 1L, 1.0),
            org.assertj.core.groups.Tuple.tuple(T0 + 10_000, 1L, 7.0));
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
  void readingAfterItsWindowClosed_isLate_andChangesNothing() {
    add("d", "t", 1_000, 1.0);
    add("d", "t", 12_000, 2.0); // closes [0, 10)

    WindowOutcome outcome = windows.add(reading("d", "t", 9_999, 100.0));

    assertThat(outcome).isEqualTo(new WindowOutcome.Late(T0, T0 + 12_000));
    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0).count()).isEqualTo(1);
  }

  @Test
  void lateReadingForNeverOpenedWindow_isLate() {
    add("d", "t", 30_000, 1.0);

    assertThat(windows.add(reading("d", "t", 5_000, 1.0))).isInstanceOf(WindowOutcome.Late.class);
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
  void zeroGrace_emitsAtWindowEnd() {
    RollupWindows strict = new RollupWindows(Duration.ofSeconds(1), Duration.ZERO);
    strict.add(reading("d", "t", 0, 1.0));

    WindowOutcome outcome = strict.add(reading("d", "t", 1_000, 1.0));

    assertThat(((WindowOutcome.Accepted) outcome).closed()).hasSize(1);
  }

  private void add(String device, String metric, long offsetMs, double value) {
    WindowOutcome outcome = windows.add(reading(device, metric, offsetMs, value));
    assertThat(outcome).isInstanceOf(WindowOutcome.Accepted.class);
    emitted.addAll(((WindowOutcome.Accepted) outcome).closed());
  }

  private static Reading reading(String device, String metric, long offsetMs, double value) {
    return new Reading(device, 1, offsetMs, metric, value, T0 + offsetMs);
  }
}
