package io.tern.agent.outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Accounting of the outbox's queue files (one per Chronicle roll cycle, called segments here):
 * which seqs each holds, its bytes and append times; decides rolls, retention and budget drops.
 * Pure: no I/O, time passed in.
 *
 * <p>Not thread-safe: guarded by the outbox's lock.
 */
final class Segments {
  /**
   * One queue file. The newest one grows in place as readings are appended (no allocation per
   * append); only {@link Segments} changes it.
   */
  static final class Segment {
    private final int cycle;
    private final long firstSeq;
    private final long firstAppendMs;
    private long lastSeq;
    private long bytes;
    private long lastAppendMs;

    Segment(
        int cycle, long firstSeq, long lastSeq, long bytes, long firstAppendMs, long lastAppendMs) {
      this.cycle = cycle;
      this.firstSeq = firstSeq;
      this.lastSeq = lastSeq;
      this.bytes = bytes;
      this.firstAppendMs = firstAppendMs;
      this.lastAppendMs = lastAppendMs;
    }

    int cycle() {
      return cycle;
    }

    long firstSeq() {
      return firstSeq;
    }

    long lastSeq() {
      return lastSeq;
    }

    /** Bytes in use in the file (header, indexes and excerpts up to the last one). */
    long bytes() {
      return bytes;
    }

    long firstAppendMs() {
      return firstAppendMs;
    }

    long lastAppendMs() {
      return lastAppendMs;
    }

    @Override
    public String toString() {
      return "Segment[cycle="
          + cycle
          + ", seqs="
          + firstSeq
          + ".."
          + lastSeq
          + ", bytes="
          + bytes
          + "]";
    }
  }

  /** A budget drop: delete {@code cycle}; its unsent seqs {@code first..last} (if any) are lost. */
  record Drop(int cycle, long firstUnsent, long lastUnsent, boolean byAge) {
    boolean losesReadings() {
      return lastUnsent >= firstUnsent;
    }
  }

  private final Deque<Segment> segments = new ArrayDeque<>();
  private long totalBytes;

  /** Records an appended reading (segments must be fed in seq and cycle order). */
  void appended(int cycle, long seq, long endPosition, long nowMs) {
    Segment last = segments.peekLast();
    if (last != null && last.cycle == cycle) {
      if (endPosition > last.bytes) {
        totalBytes += endPosition - last.bytes;
        last.bytes = endPosition;
      }
      last.lastSeq = seq;
      last.lastAppendMs = nowMs;
      return;
    }
    if (last != null && cycle < last.cycle) {
      throw new IllegalStateException("cycle " + cycle + " after cycle " + last.cycle);
    }
    segments.addLast(new Segment(cycle, seq, seq, endPosition, nowMs, nowMs));
    totalBytes += endPosition;
  }

  long totalBytes() {
    return totalBytes;
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  List<Segment> list() {
    return new ArrayList<>(segments);
  }

  /** True when the next append should go to a new file (the current one is big or old enough). */
  boolean shouldRoll(long segmentBytes, long segmentAgeMs, long nowMs) {
    Segment last = segments.peekLast();
    return last != null
        && (last.bytes() >= segmentBytes || nowMs - last.firstAppendMs() >= segmentAgeMs);
  }

  /**
   * Removes and returns the files whose every seq is acknowledged, except the newest file (it may
   * still be appended to).
   */
  List<Integer> takeAcknowledged(long ackedSeq) {
    List<Integer> done = new ArrayList<>();
    while (segments.size() > 1 && segments.peekFirst().lastSeq() <= ackedSeq) {
      Segment head = segments.removeFirst();
      totalBytes -= head.bytes();
      done.add(head.cycle());
    }
    return done;
  }

  /**
   * The next budget drop, removed from the accounting, or null when within budget: the oldest file
   * (never the newest) while the bytes plus {@code incomingBytes} exceed {@code maxBytes}, or while
   * its newest reading is older than {@code maxAgeMs}.
   */
  Drop takeOverBudget(long maxBytes, long incomingBytes, long maxAgeMs, long ackedSeq, long nowMs) {
    if (segments.size() < 2) {
      return null;
    }
    Segment head = segments.peekFirst();
    boolean byAge = nowMs - head.lastAppendMs() > maxAgeMs;
    if (!byAge && totalBytes + incomingBytes <= maxBytes) {
      return null;
    }
    segments.removeFirst();
    totalBytes -= head.bytes();
    return new Drop(head.cycle(), Math.max(head.firstSeq(), ackedSeq + 1), head.lastSeq(), byAge);
  }

  /** Age of the oldest stored reading after {@code ackedSeq}; 0 when none. */
  long oldestUnsentAgeMs(long ackedSeq, long nowMs) {
    for (Segment segment : segments) {
      if (segment.lastSeq() > ackedSeq) {
        return Math.max(0, nowMs - segment.firstAppendMs());
      }
    }
    return 0;
  }
}
