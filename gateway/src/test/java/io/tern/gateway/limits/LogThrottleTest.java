package io.tern.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** At most one log line per key per minute, and a bounded memory of keys. */
class LogThrottleTest {
  private static final long T0 = 5_000_000;

  @Test
  void logsTheFirstEventOfAKey_thenOncePerInterval() {
    LogThrottle throttle = new LogThrottle();

    assertThat(throttle.shouldLog("dev-1", T0)).isTrue();
    assertThat(throttle.shouldLog("dev-1", T0 + 1)).isFalse();
    assertThat(throttle.shouldLog("dev-2", T0 + 1)).as("another key").isTrue();
    assertThat(throttle.shouldLog("dev-1", T0 + LogThrottle.INTERVAL_MS - 1)).isFalse();
    assertThat(throttle.shouldLog("dev-1", T0 + LogThrottle.INTERVAL_MS)).isTrue();
    assertThat(throttle.shouldLog("dev-1", T0 + LogThrottle.INTERVAL_MS + 1)).isFalse();
  }

  @Test
  void whenFullOfRecentKeys_newKeysAreNotLogged_untilOldOnesExpire() {
    LogThrottle throttle = new LogThrottle();
    for (int i = 0; i < LogThrottle.MAX_KEYS; i++) {
      assertThat(throttle.shouldLog("dev-" + i, T0)).isTrue();
    }

    assertThat(throttle.shouldLog("newcomer", T0 + 1)).isFalse();
    assertThat(throttle.shouldLog("newcomer", T0 + LogThrottle.INTERVAL_MS)).isTrue();
    assertThat(throttle.shouldLog("dev-0", T0 + LogThrottle.INTERVAL_MS))
        .as("forgotten, so logged again: once per interval still holds")
        .isTrue();
  }
}
