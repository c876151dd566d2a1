package io.tern.bench.noisy;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of the flooder's messages. Outcomes are PUBACK reason codes ({@code
 * PAYLOAD_FORMAT_INVALID (0x99)}) or {@code no PUBACK (<why>)} for publishes that failed without
 * one (e.g. the connection was closed).
 *
 * @param attempted messages published, by kind
 * @param outcomes by kind, how many ended in each outcome
 * @param acked messages acknowledged with a success reason code (0x00, 0x10)
 * @param refused messages acknowledged with an error reason code
 * @param noPuback messages that got no PUBACK
 * @param disconnects connections lost (not closed by the flooder), by reason
 */
public record FloodCounts(
    Map<FloodKind, Long> attempted,
    Map<FloodKind, Map<String, Long>> outcomes,
    long acked,
    long refused,
    long noPuback,
    Map<String, Long> disconnects) {

  public FloodCounts {
    attempted = Map.copyOf(attempted);
    Map<FloodKind, Map<String, Long>> copies = new EnumMap<>(FloodKind.class);
    outcomes.forEach((kind, perKind) -> copies.put(kind, Map.copyOf(perKind)));
    outcomes = Map.copyOf(copies);
    disconnects = Map.copyOf(disconnects);
  }

  /** No flood. */
  public static FloodCounts none() {
    return new FloodCounts(Map.of(), Map.of(), 0, 0, 0, Map.of());
  }

  /** What happened between {@code earlier} and {@code later} (two snapshots of one flooder). */
  public static FloodCounts difference(FloodCounts later, FloodCounts earlier) {
    Map<FloodKind, Long> tried = new EnumMap<>(FloodKind.class);
    later.attempted.forEach((k, n) -> tried.put(k, n - earlier.attempted.getOrDefault(k, 0L)));
    Map<FloodKind, Map<String, Long>> ended = new EnumMap<>(FloodKind.class);
    later.outcomes.forEach(
        (k, perKind) -> ended.put(k, minus(perKind, earlier.outcomes.getOrDefault(k, Map.of()))));
    return new FloodCounts(
        tried,
        ended,
        later.acked - earlier.acked,
        later.refused - earlier.refused,
        later.noPuback - earlier.noPuback,
        minus(later.disconnects, earlier.disconnects));
  }

  /** Both together (e.g. two separate intervals of one flooder). */
  public static FloodCounts sum(FloodCounts a, FloodCounts b) {
    Map<FloodKind, Long> tried = new EnumMap<>(FloodKind.class);
    a.attempted.forEach((k, n) -> tried.merge(k, n, Long::sum));
    b.attempted.forEach((k, n) -> tried.merge(k, n, Long::sum));
    Map<FloodKind, Map<String, Long>> ended = new EnumMap<>(FloodKind.class);
    for (FloodKind kind : FloodKind.values()) {
      Map<String, Long> both = plus(a.outcomesOf(kind), b.outcomesOf(kind));
      if (!both.isEmpty()) {
        ended.put(kind, both);
      }
    }
    return new FloodCounts(
        tried,
        ended,
        a.acked + b.acked,
        a.refused + b.refused,
        a.noPuback + b.noPuback,
        plus(a.disconnects, b.disconnects));
  }

  private static Map<String, Long> plus(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> sum = new TreeMap<>(a);
    b.forEach((name, n) -> sum.merge(name, n, Long::sum));
    return sum;
  }

  private static Map<String, Long> minus(Map<String, Long> later, Map<String, Long> earlier) {
    Map<String, Long> diff = new TreeMap<>();
    later.forEach(
        (name, n) -> {
          long d = n - earlier.getOrDefault(name, 0L);
          if (d != 0) {
            diff.put(name, d);
          }
        });
    return diff;
  }

  public long attemptedTotal() {
    return attempted.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Messages that have an outcome (the others were still in flight). */
  public long completed() {
    return acked + refused + noPuback;
  }

  /** Outcomes summed over the kinds, by name. */
  public Map<String, Long> byOutcome() {
    Map<String, Long> sums = new TreeMap<>();
    outcomes.values().forEach(perKind -> perKind.forEach((k, v) -> sums.merge(k, v, Long::sum)));
    return sums;
  }

  /** The outcomes of one kind, sorted by name; empty if none. */
  public Map<String, Long> outcomesOf(FloodKind kind) {
    return new TreeMap<>(outcomes.getOrDefault(kind, Map.of()));
  }

  /** Kinds in declaration order with their attempts (0 where none). */
  public Map<FloodKind, Long> attemptedByKind() {
    Map<FloodKind, Long> all = new EnumMap<>(FloodKind.class);
    for (FloodKind kind : FloodKind.values()) {
      all.put(kind, attempted.getOrDefault(kind, 0L));
    }
    return all;
  }
}
