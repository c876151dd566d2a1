package io.tern.agent.publish;

import io.tern.agent.outbox.AckedPosition;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the gateway has acknowledged of the stream, exactly: the acknowledged prefix (every seq up
 * to it acknowledged; the position that is persisted and replayed from) and the acknowledged ranges
 * above it, which the live lane and out-of-order PUBACKs leave behind. Adjacent ranges merge; a
 * range that reaches the prefix extends it.
 *
 * <p>Bounded: while a connection is up, ranges come from at most two lanes, each sending in seq
 * order, so they stay below about twice the in-flight window plus one per earlier connection;
 * {@link #trim} bounds the ones left by earlier connections (forgetting an acknowledgement is safe:
 * the readings are sent again and the gateway dedupes them).
 *
 * <p>Not thread-safe: owned by the publisher thread.
 */
final class AckLedger {
  /**
   * Seqs {@code firstSeq..lastSeq} acknowledged; {@code position} is the Chronicle index of the
   * last reading read for them (a replay hint, -1 when unknown).
   */
  record Range(long firstSeq, long lastSeq, long position) {}

  private final TreeMap<Long, Range> ranges = new TreeMap<>();
  private AckedPosition prefix;

  AckLedger(AckedPosition prefix) {
    this.prefix = prefix;
  }

  /**
   * Records that seqs {@code firstSeq..lastSeq} were acknowledged.
   *
   * @return true if the prefix moved
   */
  boolean ack(long firstSeq, long lastSeq, long position) {
    if (lastSeq < firstSeq) {
      throw new IllegalArgumentException("invalid range " + firstSeq + ".." + lastSeq);
    }
    if (lastSeq <= prefix.seq()) {
      return false;
    }
    long first = Math.max(firstSeq, prefix.seq() + 1);
    long last = lastSeq;
    long pos = position;
    Map.Entry<Long, Range> below = ranges.floorEntry(first);
    if (below != null && below.getValue().lastSeq() >= first - 1) {
      Range merged = ranges.remove(below.getKey());
      first = merged.firstSeq();
      last = Math.max(last, merged.lastSeq());
      pos = Math.max(pos, merged.position());
    }
    Map.Entry<Long, Range> above;
    while ((above = ranges.ceilingEntry(first)) != null && above.getKey() <= last + 1) {
      Range merged = ranges.remove(above.getKey());
      last = Math.max(last, merged.lastSeq());
      pos = Math.max(pos, merged.position());
    }
    if (first == prefix.seq() + 1) {
      prefix = new AckedPosition(last, Math.max(pos, prefix.index()));
      return true;
    }
    ranges.put(first, new Range(first, last, pos));
    return false;
  }

  /** Every seq up to {@code prefix().seq()} is acknowledged; the persisted position. */
  AckedPosition prefix() {
    return prefix;
  }

  /** The acknowledged range above the prefix holding {@code seq}, or null. */
  Range covering(long seq) {
    Map.Entry<Long, Range> below = ranges.floorEntry(seq);
    return below != null && below.getValue().lastSeq() >= seq ? below.getValue() : null;
  }

  /** The lowest acknowledged range above the prefix starting after {@code seq}, or null. */
  Range after(long seq) {
    Map.Entry<Long, Range> next = ranges.higherEntry(seq);
    return next == null ? null : next.getValue();
  }

  /** Acknowledged ranges above the prefix (not counting the prefix). */
  int rangeCount() {
    return ranges.size();
  }

  /**
   * Forgets the highest ranges until at most {@code maxRanges} remain. Call only while nothing is
   * in flight (between connections): their seqs then become backlog and are sent again.
   *
   * @return how many ranges were forgotten
   */
  int trim(int maxRanges) {
    int forgotten = 0;
    while (ranges.size() > maxRanges) {
      ranges.pollLastEntry();
      forgotten++;
    }
    return forgotten;
  }
}
