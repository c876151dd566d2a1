package io.tern.agent.publish;

/**
 * Notices a link whose acknowledgements stopped: the connection looks up (keep-alive pings may
 * still be answered) and batches are in flight, yet no PUBACK arrived for the ack timeout. Such a
 * link is treated as down by the publisher: dropped, reconnected, replayed from the acknowledged
 * position.
 *
 * <p>The wait starts when the first batch goes in flight and restarts on every PUBACK; it stops
 * when nothing is in flight.
 *
 * <p>Not thread-safe: owned by the publisher thread.
 */
final class AckWatchdog {
  private static final long NOT_WAITING = Long.MIN_VALUE;

  private final long timeoutMs;
  private long waitingSinceMs = NOT_WAITING;

  AckWatchdog(long timeoutMs) {
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("ack timeout must be positive, got " + timeoutMs + " ms");
    }
    this.timeoutMs = timeoutMs;
  }

  /**
   * Updates the watch and says whether the link stalled.
   *
   * @param inFlight whether batches await their PUBACK now
   * @param acksArrived whether any PUBACK arrived since the last call
   * @return true if batches have been in flight for the timeout without any PUBACK
   */
  boolean stalled(long nowMs, boolean inFlight, boolean acksArrived) {
    if (!inFlight) {
      waitingSinceMs = NOT_WAITING;
      return false;
    }
    if (waitingSinceMs == NOT_WAITING || acksArrived) {
      waitingSinceMs = nowMs;
    }
    return nowMs - waitingSinceMs >= timeoutMs;
  }

  /** Since when the watch waits for a PUBACK; meaningful while {@link #waiting}. */
  long waitingSinceMs() {
    return waitingSinceMs;
  }

  boolean waiting() {
    return waitingSinceMs != NOT_WAITING;
  }

  /**
   * When the link counts as stalled if no PUBACK arrives; {@code Long.MAX_VALUE} if not waiting.
   */
  long deadlineMs() {
    return waiting() ? waitingSinceMs + timeoutMs : Long.MAX_VALUE;
  }

  /** A new connection: nothing is in flight on it yet. */
  void reset() {
    waitingSinceMs = NOT_WAITING;
  }
}
