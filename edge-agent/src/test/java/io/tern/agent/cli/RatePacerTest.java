package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RatePacerTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void waitNanos_spacesReadingsEvenly() {
    RatePacer pacer = new RatePacer(10);
    assertThat(pacer.waitNanos(0, 0)).isZero();
    assertThat(pacer.waitNanos(1, 0)).isEqualTo(100 * MS);
    assertThat(pacer.waitNanos(5, 120 * MS)).isEqualTo(380 * MS);
  }

  @Test
  void waitNanos_behindSchedule_catchesUpWithoutWaiting() {
    assertThat(new RatePacer(10).waitNanos(3, 1_000 * MS)).isZero();
  }

  @Test
  void waitNanos_fractionalRates() {
    assertThat(new RatePacer(0.5).waitNanos(1, 0)).isEqualTo(2_000 * MS);
  }

  @Test
  void rate_mustBePositiveAndFinite() {
    assertThatThrownBy(() -> new RatePacer(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RatePacer(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RatePacer(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
