package io.tern.gateway.limits;

/**
 * A token bucket: holds at most {@code burst} tokens, refilled at {@code ratePerSecond}; each
 * admitted event takes one. Starts full. Time is passed in (milliseconds of any monotonic-enough
 * clock); a clock that steps back refills nothing.
 *
 * <p>Thread-safe (synchronized): a client's publishes may be handled by several broker threads.
 */
public final class TokenBucket {
  /** Tokens are counted in millionths, so a rate such as 0.1 per millisecond adds up exactly. */
  private static final long MICROS_PER_TOKEN = 1_000_000;

  private final long microsPerMs;
  private final long capacity;
  private long micros;
  private long lastMs;

  /**
   * @param ratePerSecond tokens added per second, at least 0.001 (three decimals are kept)
   * @param burst most tokens held, positive
   * @param nowMs the current time
   */
  public TokenBucket(double ratePerSecond, long burst, long nowMs) {
    if (!(ratePerSecond >= 0.001) || burst < 1 || burst > Long.MAX_VALUE / MICROS_PER_TOKEN) {
      throw new IllegalArgumentException(
          "rate must be >= 0.001 and burst positive, were " + ratePerSecond + " and " + burst);
    }
    this.microsPerMs = Math.round(ratePerSecond * 1000);
    this.capacity = burst * MICROS_PER_TOKEN;
    this.micros = capacity;
    this.lastMs = nowMs;
  }

  /** Takes a token if there is one; returns whether the event is admitted. */
  public synchronized boolean tryTake(long nowMs) {
    refill(nowMs);
    if (micros < MICROS_PER_TOKEN) {
      return false;
    }
    micros -= MICROS_PER_TOKEN;
    return true;
  }

  /**
   * Takes every token and refills none before {@code untilMs}: from then on the bucket refills at
   * its rate, starting from empty (e.g. a client coming back from a cool-down gets no burst).
   */
  public synchronized void emptyUntil(long untilMs) {
    micros = 0;
    lastMs = Math.max(lastMs, untilMs);
  }

  /**
   * Whether the bucket has refilled completely: forgetting it then changes nothing, since a new
   * bucket starts full.
   */
  public synchronized boolean isFull(long nowMs) {
    refill(nowMs);
    return micros >= capacity;
  }

  private void refill(long nowMs) {
    if (nowMs > lastMs) {
      long elapsed = nowMs - lastMs;
      long room = capacity - micros;
      micros = elapsed >= room / microsPerMs + 1 ? capacity : micros + elapsed * microsPerMs;
      lastMs = nowMs;
    }
  }
}
