package io.tern.agent.publish;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th consecutive failure waits a uniformly random time
 * in {@code [0, min(cap, initial * 2^n)]}, so many devices losing the same gateway do not reconnect
 * in lockstep.
 *
 * <p>Not thread-safe: owned by the publisher thread.
 */
final class ReconnectBackoff {
  private final long initialMs;
  private final long capMs;
  private final RandomGenerator random;
  private int failures;

  ReconnectBackoff(Duration initial, Duration cap, RandomGenerator random) {
    if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "need 0 < initial <= cap, got initial " + initial + " and cap " + cap);
    }
    this.initialMs = initial.toMillis();
    this.capMs = cap.toMillis();
    this.random = random;
  }

  /** Delay before the next attempt; each call counts one more consecutive failure. */
  long nextDelayMs() {
    long ceiling = failures >= 30 ? capMs : Math.min(capMs, initialMs << failures);
    failures++;
    return random.nextLong(ceiling + 1);
  }

  /** Consecutive failures so far. */
  int failures() {
    return failures;
  }

  /** Called after a successful connection. */
  void reset() {
    failures = 0;
  }
}
