package io.tern.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says whether to log an event of a key (e.g. a client's refused publishes): at most once per key
 * per {@link #INTERVAL_MS}, so that a misbehaving client cannot flood the log (its refusals are
 * counted in metrics instead). Remembers at most {@link #MAX_KEYS} keys; past that, keys not logged
 * within the interval are forgotten, and while all are recent, new keys are not logged.
 *
 * <p>Thread-safe: called by HiveMQ's threads.
 */
public final class LogThrottle {
  public static final long INTERVAL_MS = 60_000;
  static final int MAX_KEYS = 10_000;

  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  /** Whether to log an event of {@code key} now; if so, the next one is logged an interval on. */
  public boolean shouldLog(String key, long nowMs) {
    if (lastLogged.size() >= MAX_KEYS && !lastLogged.containsKey(key)) {
      lastLogged.values().removeIf(last -> nowMs - last >= INTERVAL_MS);
      if (lastLogged.size() >= MAX_KEYS) {
        return false;
      }
    }
    boolean[] log = new boolean[1];
    lastLogged.compute(
        key,
        (k, last) -> {
          if (last == null || nowMs - last >= INTERVAL_MS) {
            log[0] = true;
            return nowMs;
          }
          return last;
        });
    return log[0];
  }
}
