package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AckWatchdogTest {
  private final AckWatchdog watchdog = new AckWatchdog(1_000);

  @Test
  void stalled_afterTheTimeoutWithoutAnyAck_whileInFlight() {
    assertThat(watchdog.stalled(10_000, true, false)).isFalse();
    assertThat(watchdog.stalled(10_999, true, false)).isFalse();
    assertThat(watchdog.deadlineMs()).isEqualTo(11_000);
    assertThat(watchdog.stalled(11_000, true, false)).isTrue();
  }

  @Test
  void notStalled_whileAcksKeepArriving_evenIfTheLinkIsSlow() {
    watchdog.stalled(0, true, false);
    for (long now = 900; now <= 9_000; now += 900) {
      assertThat(watchdog.stalled(now, true, true)).as("at %d ms", now).isFalse();
    }
    assertThat(watchdog.stalled(9_999, true, false)).isFalse();
    assertThat(watchdog.stalled(10_000, true, false)).isTrue();
  }

  @Test
  void notStalled_whenNothingIsInFlight_andTheWaitRestartsWithTheNextSend() {
    watchdog.stalled(0, true, false);
    assertThat(watchdog.stalled(5_000, false, false)).isFalse();
    assertThat(watchdog.waiting()).isFalse();
    assertThat(watchdog.deadlineMs()).isEqualTo(Long.MAX_VALUE);
    assertThat(watchdog.stalled(6_000, true, false)).as("wait starts at 6000").isFalse();
    assertThat(watchdog.stalled(6_999, true, false)).isFalse();
    assertThat(watchdog.stalled(7_000, true, false)).isTrue();
  }

  @Test
  void reset_forgetsTheWaitOfTheDroppedConnection() {
    watchdog.stalled(0, true, false);
    watchdog.reset();
    assertThat(watchdog.stalled(1_500, true, false)).isFalse();
    assertThat(watchdog.stalled(2_500, true, false)).isTrue();
  }

  @Test
  void nonPositiveTimeout_isRefused() {
    assertThatThrownBy(() -> new AckWatchdog(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ack timeout must be positive");
  }
}
