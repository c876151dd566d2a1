package io.tern.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tern.sim.scenario.LoadSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SharedLinksTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void report_interval_whole_andSteadyOnlyBetweenTwoReportsWithEveryDeviceConnected() {
    try (SharedLinks links = new SharedLinks(LoadSettings.defaults())) {
      links.acked(5, 1_000 * MS, false); // during the connection ramp
      links.report(false);
      links.acked(5, 2 * MS, false);
      LoadReport rampEnd = links.report(true); // began before every device was connected
      links.acked(5, 3 * MS, false);
      links.acked(5, 4 * MS, true); // a duplicate: its latency counts, its readings do not
      LoadReport steady = links.report(true);

      assertThat(rampEnd.steady().latency().batches()).isZero();
      assertThat(steady.interval().latency().batches()).isEqualTo(2);
      assertThat(steady.steady().latency().batches()).isEqualTo(2);
      assertThat(steady.steady().latency().maxMs()).isCloseTo(4.0, within(0.01));
      assertThat(steady.steady().readingsPerSecond()).isPositive();
      assertThat(steady.whole().latency().batches()).isEqualTo(4);
      assertThat(steady.whole().latency().maxMs()).isCloseTo(1_000.0, within(1.0));
      assertThat(steady.readingsAcked()).isEqualTo(15);
      assertThat(steady.wholeSummary())
          .contains("15 readings acked, 0 refused")
          .contains("steady state: ")
          .contains("(2 batches)");
    }
  }

  @Test
  void noBatches_isSaidSo() {
    try (SharedLinks links = new SharedLinks(LoadSettings.defaults())) {
      assertThat(links.report(true).intervalSummary())
          .isEqualTo("load: 0 readings/s acked, no batches");
    }
  }
}
