package io.tern.bench.noisy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The flooder's live counters. Threading: written by the flooder's MQTT client threads and the
 * control thread, read by the control thread ({@link #snapshot}).
 */
final class FloodTally {
  private record Key(FloodKind kind, String outcome) {}

  private final Map<FloodKind, LongAdder> attempted = new EnumMap<>(FloodKind.class);
  private final Map<Key, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> disconnects = new ConcurrentHashMap<>();
  private final LongAdder acked = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder noPuback = new LongAdder();

  FloodTally() {
    for (FloodKind kind : FloodKind.values()) {
      attempted.put(kind, new LongAdder());
    }
  }

  void attempted(FloodKind kind) {
    attempted.get(kind).increment();
  }

  /** A PUBACK: success (acked) or an error reason code (refused). */
  void pubAck(FloodKind kind, String reason, boolean success) {
    (success ? acked : refused).increment();
    outcome(kind, reason);
  }

  /** A publish that failed without a PUBACK. */
  void noPuback(FloodKind kind, String why) {
    noPuback.increment();
    outcome(kind, "no PUBACK (" + why + ")");
  }

  void disconnected(String reason) {
    disconnects.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  private void outcome(FloodKind kind, String outcome) {
    outcomes.computeIfAbsent(new Key(kind, outcome), k -> new LongAdder()).increment();
  }

  FloodCounts snapshot() {
    Map<FloodKind, Long> tried = new EnumMap<>(FloodKind.class);
    attempted.forEach((kind, n) -> tried.put(kind, n.sum()));
    Map<FloodKind, Map<String, Long>> byKind = new EnumMap<>(FloodKind.class);
    outcomes.forEach(
        (key, n) ->
            byKind.computeIfAbsent(key.kind(), k -> new HashMap<>()).put(key.outcome(), n.sum()));
    Map<String, Long> lost = new HashMap<>();
    disconnects.forEach((reason, n) -> lost.put(reason, n.sum()));
    return new FloodCounts(tried, byKind, acked.sum(), refused.sum(), noPuback.sum(), lost);
  }
}
