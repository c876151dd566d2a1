package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class QuotaPauseTest {
  /** Always picks the top of the range, so the pause equals the delay. */
  private static final RandomGenerator TOP =
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
  void firstRefusal_pausesForTheInitialDelay() {
    QuotaPause quota = new QuotaPause(TOP);
    assertThat(quota.paused(1_000)).isFalse();

    assertThat(quota.refused(0, 8, 1_000)).isEqualTo(QuotaPause.INITIAL_MS);

    assertThat(quota.paused(1_000 + QuotaPause.INITIAL_MS - 1)).isTrue();
    assertThat(quota.paused(1_000 + QuotaPause.INITIAL_MS)).isFalse();
    assertThat(quota.pausedUntilMs()).isEqualTo(1_000 + QuotaPause.INITIAL_MS);
  }

  @Test
  void refusalsOfTheSameBurst_changeNothing() {
    QuotaPause quota = new QuotaPause(TOP);
    quota.refused(3, 8, 1_000); // sends 0..7 were in flight

    for (long sendNo = 4; sendNo < 8; sendNo++) {
      assertThat(quota.refused(sendNo, 8, 1_010)).isZero();
    }
    assertThat(quota.pausedUntilMs()).isEqualTo(1_000 + QuotaPause.INITIAL_MS);
    assertThat(quota.delayMs()).isEqualTo(2 * QuotaPause.INITIAL_MS);
  }

  @Test
  void refusalsAfterEachPause_doubleTheDelayUpToTheCap() {
    QuotaPause quota = new QuotaPause(TOP);
    long sends = 0;
    long expected = QuotaPause.INITIAL_MS;
    for (int i = 0; i < 12; i++) {
      long sendNo = sends++; // sent after the previous pause was decided
      assertThat(quota.refused(sendNo, sends, 0)).isEqualTo(expected);
      expected = Math.min(QuotaPause.CAP_MS, expected * 2);
    }
    assertThat(quota.delayMs()).isEqualTo(QuotaPause.CAP_MS);
  }

  @Test
  void ackOfABatchSentAfterThePause_resetsTheDelay_anOlderOneDoesNot() {
    QuotaPause quota = new QuotaPause(TOP);
    quota.refused(0, 4, 0);
    quota.refused(4, 6, 100);
    assertThat(quota.delayMs()).isEqualTo(4 * QuotaPause.INITIAL_MS);

    quota.acked(5); // sent before the latest pause (decided after 6 sends)
    assertThat(quota.delayMs()).isEqualTo(4 * QuotaPause.INITIAL_MS);

    quota.acked(6);
    assertThat(quota.delayMs()).isEqualTo(QuotaPause.INITIAL_MS);
  }

  @Test
  void pauses_areDrawnBetweenHalfTheDelayAndTheDelay() {
    QuotaPause quota = new QuotaPause(new SplittableRandom(3));
    long sends = 0;
    for (int i = 0; i < 200; i++) {
      long delay = quota.delayMs();
      long sendNo = sends++;
      assertThat(quota.refused(sendNo, sends, 0)).isBetween(delay / 2, delay);
      quota.acked(sends++);
    }
  }

  @Test
  void droppedConnection_endsThePause_butKeepsTheDelay() {
    QuotaPause quota = new QuotaPause(TOP);
    quota.refused(0, 1, 0);

    quota.connectionDropped();

    assertThat(quota.paused(1)).isFalse();
    assertThat(quota.delayMs()).isEqualTo(2 * QuotaPause.INITIAL_MS);
  }
}
