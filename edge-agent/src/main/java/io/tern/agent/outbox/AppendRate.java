package io.tern.agent.outbox;

/**
 * Recent append rate in bytes per millisecond, measured over windows of at least 10 s. Not
 * thread-safe: guarded by the outbox's lock.
 */
final class AppendRate {
  static final long WINDOW_MS = 10_000;
  private long windowStartMs = Long.MIN_VALUE;
  private long windowBytes;
  private double bytesPerMs = -1;

  void add(long bytes, long nowMs) {
    roll(nowMs);
    windowBytes += bytes;
  }

  /** Bytes per ms over the last complete window; 0 if nothing came; -1 before the first window. */
  double bytesPerMs(long nowMs) {
    roll(nowMs);
    return bytesPerMs;
  }

  private void roll(long nowMs) {
    if (windowStartMs == Long.MIN_VALUE) {
      windowStartMs = nowMs;
      return;
    }
    long elapsed = nowMs - windowStartMs;
    if (elapsed >= WINDOW_MS) {
      bytesPerMs = elapsed >= 2 * WINDOW_MS ? 0 : (double) windowBytes / elapsed;
      windowStartMs = nowMs;
      windowBytes = 0;
    }
  }
}
