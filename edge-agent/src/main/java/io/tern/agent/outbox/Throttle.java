package io.tern.agent.outbox;

/**
 * Lets one log message through per interval and counts the ones held back. Not thread-safe: guarded
 * by the outbox's lock.
 */
final class Throttle {
  private final long intervalMs;
  private long lastMs = Long.MIN_VALUE / 2;
  private long held;

  Throttle(long intervalMs) {
    this.intervalMs = intervalMs;
  }

  /**
   * True when a message may be logged now; {@link #heldBack()} then says how many were not. False
   * (and the message is counted) otherwise.
   */
  boolean pass(long nowMs) {
    if (nowMs - lastMs >= intervalMs) {
      lastMs = nowMs;
      return true;
    }
    held++;
    return false;
  }

  /** Messages held back since the last one let through; resets the count. */
  long heldBack() {
    long n = held;
    held = 0;
    return n;
  }
}
