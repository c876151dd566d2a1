package io.tern.agent.outbox;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The gaps of a stream not yet acknowledged (in seq order, adjacent runs of one reason merged) and
 * the drop counters; with its text form, the content of the {@code gaps} file.
 *
 * <pre>
 *   v1 dropped &lt;budgetBytes&gt; &lt;budgetAge&gt; &lt;rejectedNew&gt; &lt;diskError&gt;
 *   gap &lt;firstSeq&gt; &lt;lastSeq&gt; &lt;REASON&gt;
 *   ...
 * </pre>
 *
 * <p>Not thread-safe: the outbox guards it with its lock and hands readers an immutable {@link
 * #snapshot()}.
 */
final class GapLedger {
  private final List<Gap> gaps = new ArrayList<>();
  private DropCounts dropped = DropCounts.NONE;

  /**
   * Records that seqs {@code first..last} were dropped for {@code reason}: counts them and merges
   * the run with an adjacent gap of the same reason.
   *
   * @throws IllegalArgumentException if the run overlaps a recorded gap
   */
  void record(long first, long last, GapReason reason) {
    Gap gap = new Gap(first, last, reason);
    int at = insertionPoint(first);
    if (at > 0 && gaps.get(at - 1).lastSeq() >= first
        || at < gaps.size() && gaps.get(at).firstSeq() <= last) {
      throw new IllegalArgumentException("gap " + gap + " overlaps a recorded gap");
    }
    dropped = dropped.plus(reason, gap.size());
    if (at > 0 && gaps.get(at - 1).mergesWith(gap)) {
      gap = new Gap(gaps.get(at - 1).firstSeq(), last, reason);
      gaps.remove(--at);
    }
    if (at < gaps.size() && gap.mergesWith(gaps.get(at))) {
      gap = new Gap(gap.firstSeq(), gaps.get(at).lastSeq(), reason);
      gaps.remove(at);
    }
    gaps.add(at, gap);
  }

  /**
   * Adds what a crash may have left only in the {@code gap-tail} file: the part of {@code tail}
   * after {@code ackedSeq} not yet in the ledger.
   */
  void absorbTail(Gap tail, long ackedSeq) {
    long start = Math.max(tail.firstSeq(), ackedSeq + 1);
    for (Gap known = covering(gaps, start); known != null; known = covering(gaps, start)) {
      start = known.lastSeq() + 1;
    }
    if (start <= tail.lastSeq()) {
      record(start, tail.lastSeq(), tail.reason());
    }
  }

  /** The gap holding {@code seq}, or null. */
  Gap covering(long seq) {
    return covering(gaps, seq);
  }

  /** Forgets what the gateway acknowledged (up to {@code ackedSeq}); true if anything changed. */
  boolean pruneAcked(long ackedSeq) {
    boolean changed = false;
    while (!gaps.isEmpty() && gaps.get(0).firstSeq() <= ackedSeq) {
      Gap head = gaps.remove(0);
      if (head.lastSeq() > ackedSeq) {
        gaps.add(0, new Gap(ackedSeq + 1, head.lastSeq(), head.reason()));
        return true;
      }
      changed = true;
    }
    return changed;
  }

  /** Highest seq covered by a gap; 0 if none. */
  long maxSeq() {
    return gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1).lastSeq();
  }

  DropCounts dropped() {
    return dropped;
  }

  List<Gap> snapshot() {
    return List.copyOf(gaps);
  }

  private int insertionPoint(long first) {
    int low = 0;
    int high = gaps.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (gaps.get(mid).firstSeq() < first) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The gap of {@code gaps} (sorted) that contains {@code seq}, or null. */
  static Gap covering(List<Gap> gaps, long seq) {
    int low = 0;
    int high = gaps.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      Gap gap = gaps.get(mid);
      if (gap.lastSeq() < seq) {
        low = mid + 1;
      } else if (gap.firstSeq() > seq) {
        high = mid - 1;
      } else {
        return gap;
      }
    }
    return null;
  }

  String toText() {
    StringBuilder out = new StringBuilder(64 + 48 * gaps.size());
    out.append("v1 dropped ")
        .append(dropped.budgetBytes())
        .append(' ')
        .append(dropped.budgetAge())
        .append(' ')
        .append(dropped.rejectedNew())
        .append(' ')
        .append(dropped.diskError())
        .append('\n');
    for (Gap gap : gaps) {
      out.append("gap ")
          .append(gap.firstSeq())
          .append(' ')
          .append(gap.lastSeq())
          .append(' ')
          .append(gap.reason().name())
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Parses {@link #toText()}.
   *
   * @throws IllegalArgumentException if the text is not a gaps file
   */
  static GapLedger parse(String text) {
    GapLedger ledger = new GapLedger();
    String[] lines = text.split("\n");
    String[] head = lines[0].trim().split(" ");
    if (head.length != 6 || !head[0].equals("v1") || !head[1].equals("dropped")) {
      throw new IllegalArgumentException("not a gaps file: first line '" + lines[0] + "'");
    }
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split(" ");
      if (parts.length != 4 || !parts[0].equals("gap")) {
        throw new IllegalArgumentException("bad gaps line " + (i + 1) + ": '" + line + "'");
      }
      ledger.record(
          Long.parseLong(parts[1]), Long.parseLong(parts[2]), GapReason.valueOf(parts[3]));
    }
    ledger.dropped =
        new DropCounts(
            Long.parseLong(head[2]),
            Long.parseLong(head[3]),
            Long.parseLong(head[4]),
            Long.parseLong(head[5]));
    return ledger;
  }
}
