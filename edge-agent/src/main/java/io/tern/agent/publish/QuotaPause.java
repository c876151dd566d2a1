package io.tern.agent.publish;

import java.util.random.RandomGenerator;

/**
 * How long to stop sending when the gateway answers PUBACK 0x97 (quota exceeded: its per-device
 * publish rate, or its journal is full). The first refusal pauses sending for about {@link
 * #INITIAL_MS}; a refusal of a batch sent after that pause was decided doubles the delay, up to
 * {@link #CAP_MS}; a batch sent after the latest pause and acknowledged brings the delay back to
 * the start. Refusals of batches that were already in flight when the pause was decided belong to
 * the same burst and change nothing. Each pause is drawn uniformly in {@code [delay/2, delay]}, so
 * devices refused by a full gateway at once do not come back in lockstep.
 *
 * <p>Sends are numbered by the caller (increasing over the whole run); the numbers, not the clock,
 * tell which batches went out before a pause.
 *
 * <p>Not thread-safe: owned by the publisher thread.
 */
final class QuotaPause {
  static final long INITIAL_MS = 100;
  static final long CAP_MS = 5_000;

  private final RandomGenerator random;
  private long delayMs = INITIAL_MS;
  private long pausedUntilMs = Long.MIN_VALUE;
  private long sendsAtPause;

  QuotaPause(RandomGenerator random) {
    this.random = random;
  }

  /**
   * The send numbered {@code sendNo} was refused.
   *
   * @param sends how many sends were made so far (the next send gets this number)
   * @return the pause decided now in ms, or 0 when the refusal belongs to the current burst
   */
  long refused(long sendNo, long sends, long nowMs) {
    if (sendNo < sendsAtPause) {
      return 0;
    }
    long pauseMs = delayMs / 2 + random.nextLong(delayMs / 2 + 1);
    pausedUntilMs = nowMs + pauseMs;
    sendsAtPause = sends;
    delayMs = Math.min(CAP_MS, delayMs * 2);
    return pauseMs;
  }

  /** The send numbered {@code sendNo} was acknowledged. */
  void acked(long sendNo) {
    if (sendNo >= sendsAtPause) {
      delayMs = INITIAL_MS;
    }
  }

  /** Nothing may be sent before this time ({@code Long.MIN_VALUE} when not paused). */
  long pausedUntilMs() {
    return pausedUntilMs;
  }

  boolean paused(long nowMs) {
    return nowMs < pausedUntilMs;
  }

  /** The connection dropped: the pause ends (the reconnect backoff takes over); the delay stays. */
  void connectionDropped() {
    pausedUntilMs = Long.MIN_VALUE;
  }

  /** The delay the next pause is drawn from (its ceiling). */
  long delayMs() {
    return delayMs;
  }
}
