package io.tern.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offenders that must stay away for a while (e.g. clients disconnected for ignoring refusals): the
 * first offence starts a cool-down of the configured length, each further one twice the previous,
 * up to {@link #MAX_COOLDOWN_MS} (or the configured length if longer). An offender whose cool-down
 * ended {@link #CLEAN_PERIOD_MS} ago without a new offence is forgotten: its next offence counts as
 * a first one again.
 *
 * <p>Memory: at most {@link #MAX_OFFENDERS} are remembered. When full, forgotten ones are dropped,
 * then those no longer cooling down (losing only their doubling); while all are cooling down, a new
 * offender is not remembered (it gets no cool-down).
 *
 * <p>Thread-safe: called by HiveMQ's threads.
 */
public final class Cooldowns {
  public static final long MAX_COOLDOWN_MS = 5 * 60_000;
  public static final long CLEAN_PERIOD_MS = 60 * 60_000;
  static final int MAX_OFFENDERS = 10_000;

  /** An offender: how many offences in a row, and until when it is cooling down. */
  private record Offender(int offences, long untilMs) {}

  private final Map<String, Offender> offenders = new ConcurrentHashMap<>();
  private final long firstMs;
  private final long maxMs;

  /**
   * @param firstMs the first cool-down, in milliseconds; 0 = none (offences are not remembered)
   */
  public Cooldowns(long firstMs) {
    if (firstMs < 0) {
      throw new IllegalArgumentException("cool-down must not be negative, was " + firstMs);
    }
    this.firstMs = firstMs;
    this.maxMs = Math.max(firstMs, MAX_COOLDOWN_MS);
  }

  /** Whether offences start a cool-down at all. */
  public boolean enabled() {
    return firstMs > 0;
  }

  /**
   * Records an offence of {@code key} at {@code nowMs}, unless it is cooling down already.
   *
   * @return the cool-down it starts in milliseconds, or 0 if none (disabled, already cooling down,
   *     or too many offenders cooling down to remember another)
   */
  public long offend(String key, long nowMs) {
    if (!enabled() || !makeRoomFor(key, nowMs)) {
      return 0;
    }
    long[] started = new long[1];
    offenders.compute(
        key,
        (k, previous) -> {
          if (previous != null && nowMs < previous.untilMs()) {
            return previous;
          }
          int offences = isForgotten(previous, nowMs) ? 1 : previous.offences() + 1;
          started[0] = cooldownMs(offences);
          return new Offender(offences, nowMs + started[0]);
        });
    return started[0];
  }

  /** How long {@code key} is still cooling down, in milliseconds (0 if it is not). */
  public long remainingMs(String key, long nowMs) {
    Offender offender = offenders.get(key);
    return offender == null ? 0 : Math.max(0, offender.untilMs() - nowMs);
  }

  /**
   * Whether {@code key} has offended and is not forgotten yet: cooling down, or within {@link
   * #CLEAN_PERIOD_MS} after its cool-down ended.
   */
  public boolean isOffender(String key, long nowMs) {
    return !isForgotten(offenders.get(key), nowMs);
  }

  /** Offenders remembered (for tests). */
  int remembered() {
    return offenders.size();
  }

  private long cooldownMs(int offences) {
    int doublings = Math.min(offences - 1, 62);
    long ms = firstMs << doublings;
    return ms <= 0 || ms >>> doublings != firstMs ? maxMs : Math.min(ms, maxMs);
  }

  private static boolean isForgotten(Offender offender, long nowMs) {
    return offender == null || nowMs - offender.untilMs() >= CLEAN_PERIOD_MS;
  }

  /** Whether {@code key} is or can be remembered. */
  private boolean makeRoomFor(String key, long nowMs) {
    if (offenders.size() < MAX_OFFENDERS || offenders.containsKey(key)) {
      return true;
    }
    offenders.values().removeIf(offender -> isForgotten(offender, nowMs));
    if (offenders.size() >= MAX_OFFENDERS) {
      offenders.values().removeIf(offender -> offender.untilMs() <= nowMs);
    }
    return offenders.size() < MAX_OFFENDERS;
  }
}
