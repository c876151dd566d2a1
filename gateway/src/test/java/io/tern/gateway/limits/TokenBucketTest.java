package io.tern.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The token bucket on an injected clock: burst, refill rate, cap, clock steps. */
class TokenBucketTest {
  private static final long T0 = 1_000_000;

  /** How many of {@code attempts} events at {@code nowMs} are admitted. */
  private static int admitted(TokenBucket bucket, long nowMs, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      if (bucket.tryTake(nowMs)) {
        admitted++;
      }
    }
    return admitted;
  }

  @Test
  void startsFull_admitsTheBurst_thenRefuses() {
    TokenBucket bucket = new TokenBucket(200, 400, T0);

    assertThat(admitted(bucket, T0, 1000)).isEqualTo(400);
    assertThat(bucket.tryTake(T0)).isFalse();
  }

  @Test
  void emptiedUntilALaterTime_refillsNothingBeforeIt_thenFromEmpty() {
    TokenBucket bucket = new TokenBucket(200, 400, T0);
    bucket.emptyUntil(T0 + 10_000);

    assertThat(admitted(bucket, T0, 10)).isZero();
    assertThat(admitted(bucket, T0 + 9_999, 10)).as("not before the time").isZero();
    assertThat(admitted(bucket, T0 + 10_005, 10)).as("5 ms after it: 1 token").isEqualTo(1);
    assertThat(bucket.isFull(T0 + 12_005)).as("refilled 400 at 200/s in 2 s").isTrue();
  }

  @Test
  void refillsAtTheRate_afterTheBurstIsSpent() {
    TokenBucket bucket = new TokenBucket(200, 400, T0);
    admitted(bucket, T0, 400);

    assertThat(admitted(bucket, T0 + 4, 10)).as("4 ms at 200/s: 0.8 token").isZero();
    assertThat(admitted(bucket, T0 + 5, 10)).as("5 ms: 1 token").isEqualTo(1);
    assertThat(admitted(bucket, T0 + 1005, 1000)).as("one more second: 200").isEqualTo(200);
  }

  @Test
  void sustainedRate_isTheConfiguredOne() {
    TokenBucket bucket = new TokenBucket(100, 1, T0);
    int admitted = 0;
    for (long ms = 0; ms < 10_000; ms++) { // one attempt per ms for 10 s
      if (bucket.tryTake(T0 + ms)) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(1 + 999); // the starting token, then one per 10 ms
  }

  @Test
  void neverHoldsMoreThanTheBurst_evenAfterALongQuiet() {
    TokenBucket bucket = new TokenBucket(200, 400, T0);
    admitted(bucket, T0, 400);

    assertThat(bucket.isFull(T0 + 1999)).isFalse();
    assertThat(bucket.isFull(T0 + 2000)).isTrue();
    assertThat(admitted(bucket, T0 + 3_600_000, 1000)).isEqualTo(400);
  }

  @Test
  void clockSteppingBack_refillsNothing() {
    TokenBucket bucket = new TokenBucket(10, 1, T0);
    assertThat(bucket.tryTake(T0)).isTrue();

    assertThat(bucket.tryTake(T0 - 60_000)).isFalse();
    assertThat(bucket.tryTake(T0 + 99)).isFalse();
    assertThat(bucket.tryTake(T0 + 100)).isTrue();
  }

  @Test
  void fractionalRate_refillsSlowly() {
    TokenBucket bucket = new TokenBucket(0.5, 1, T0);
    assertThat(bucket.tryTake(T0)).isTrue();

    assertThat(bucket.tryTake(T0 + 1999)).isFalse();
    assertThat(bucket.tryTake(T0 + 2000)).isTrue();
  }

  @Test
  void nonPositiveRateOrBurst_isRefused() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, 0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
