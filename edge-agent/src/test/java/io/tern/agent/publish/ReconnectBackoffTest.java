package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
  /** Always picks the ceiling, so the exponential growth is visible. */
  private static final RandomGenerator MAX =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  @Test
  void nextDelay_doublesUpToCap() {
    ReconnectBackoff backoff =
        new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000), MAX);
    assertThat(backoff.nextDelayMs()).isEqualTo(100);
    assertThat(backoff.nextDelayMs()).isEqualTo(200);
    assertThat(backoff.nextDelayMs()).isEqualTo(400);
    assertThat(backoff.nextDelayMs()).isEqualTo(800);
    assertThat(backoff.nextDelayMs()).isEqualTo(1_000);
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.nextDelayMs()).isEqualTo(1_000);
    }
  }

  @Test
  void reset_startsOver() {
    ReconnectBackoff backoff =
        new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000), MAX);
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    backoff.reset();
    assertThat(backoff.nextDelayMs()).isEqualTo(100);
  }

  @Test
  void nextDelay_isJitteredWithinCeiling() {
    ReconnectBackoff backoff =
        new ReconnectBackoff(
            Duration.ofMillis(100), Duration.ofSeconds(30), new SplittableRandom(42));
    long ceiling = 100;
    for (int i = 0; i < 20; i++) {
      assertThat(backoff.nextDelayMs()).isBetween(0L, Math.min(30_000, ceiling));
      ceiling *= 2;
    }
  }
}
