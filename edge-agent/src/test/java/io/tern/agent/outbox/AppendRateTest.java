package io.tern.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppendRateTest {
  @Test
  void unknownBeforeTheFirstWindow_thenBytesPerMsOfTheLastWindow_zeroWhenIdle() {
    AppendRate rate = new AppendRate();
    rate.add(100, 0);
    rate.add(900, 5_000);
    assertThat(rate.bytesPerMs(9_999)).isEqualTo(-1);
    assertThat(rate.bytesPerMs(10_000)).isEqualTo(0.1);
    assertThat(rate.bytesPerMs(40_000)).isZero();
  }
}
