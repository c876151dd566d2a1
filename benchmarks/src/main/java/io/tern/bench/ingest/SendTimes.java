package io.tern.bench.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each batch was first published ({@link System#nanoTime}), keyed by stream epoch and base
 * seq, so that a subscriber in the same JVM can measure publish-to-receipt latency with better than
 * the millisecond resolution of {@code sent_at_ms}. Thread-safe.
 */
final class SendTimes {
  private record Key(long streamEpoch, long baseSeq) {}

  private final Map<Key, Long> sentAt = new ConcurrentHashMap<>();

  void sent(long streamEpoch, long baseSeq, long nanos) {
    sentAt.put(new Key(streamEpoch, baseSeq), nanos);
  }

  /** Removes the entry; returns its send time, or -1 if unknown (e.g. a redelivery). */
  long received(long streamEpoch, long baseSeq) {
    Long nanos = sentAt.remove(new Key(streamEpoch, baseSeq));
    return nanos == null ? -1 : nanos;
  }

  int pending() {
    return sentAt.size();
  }
}
