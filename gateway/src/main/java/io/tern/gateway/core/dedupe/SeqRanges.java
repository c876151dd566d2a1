package io.tern.gateway.core.dedupe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The seqs seen on one stream: sorted, disjoint, non-adjacent closed ranges {@code [lo, hi]} in two
 * parallel arrays, at most {@code maxRanges} of them, plus at most one interval of "unknown" seqs.
 *
 * <p>A seq right after the top range (in-order traffic) extends it in O(1) without allocating. Any
 * other seq is looked up by binary search, O(log ranges); a seq that opens a new range in the
 * middle also moves the ranges above it by one slot (an array copy of at most {@code maxRanges}
 * entries). Adjacent ranges merge.
 *
 * <p>*
 *
 * <p>When one more range would exceed {@code maxRanges}, the lowest two are merged: the seqs of the
 * hole between them were not seen, but are from then on <em>unknown</em> ("below the exact floor"):
 * {@link DedupeVerdict#BEYOND_WINDOW}. The unknown seqs always form one interval strictly inside
 * one range: a later merge widens it to cover the new hole too (the seen seqs between them become
 * unknown as well), and if ranges were opened below it meanwhile, all the ranges up to the one
 * holding it merge. Every other seq is decided exactly, including seqs below all the ranges.
 *
 * <p>Not thread-safe (pipeline thread).
 */
final class SeqRanges {
  private static final int INITIAL_CAPACITY = 4;

  private final int maxRanges;
  private long[] los;
  private long[] his;
  private int size;
  private boolean hasUnknown;
  private long unknownLo;
  private long unknownHi;

  /** A stream that has seen exactly the seqs {@code lo} to {@code hi}. */
  SeqRanges(int maxRanges, long lo, long hi) {
    this.maxRanges = maxRanges;
    int capacity = Math.min(INITIAL_CAPACITY, maxRanges + 1);
    this.los = new long[capacity];
    this.his = new long[capacity];
    los[0] = lo;
    his[0] = hi;
    size = 1;
  }

  /** Records {@code seq}: {@code FRESH} if it was not seen, else what is known of it. */
  DedupeVerdict add(long seq) {
    int top = size - 1;
    if (seq > his[top]) {
      if (seq - 1 == his[top]) {
        his[top] = seq;
      } else {
        insert(seq, seq);
      }
      return DedupeVerdict.FRESH;
    }
    int i = lastStartingAtOrBelow(seq);
    if (i >= 0 && seq <= his[i]) {
      return isUnknown(seq) ? DedupeVerdict.BEYOND_WINDOW : DedupeVerdict.DUPLICATE;
    }
    insert(seq, seq);
    return DedupeVerdict.FRESH;
  }

  /**
   * Records every seq from {@code lo} to {@code hi} as seen; unknown seqs at the ends of the
   * unknown interval become known (seen) ones.
   */
  void addRange(long lo, long hi) {
    insert(lo, hi);
  }

  /** Whether every seq from {@code lo} to {@code hi} is known to be seen (none unknown). */
  boolean covers(long lo, long hi) {
    int i = lastStartingAtOrBelow(lo);
    boolean touchesUnknown = hasUnknown && lo <= unknownHi && hi >= unknownLo;
    return i >= 0 && hi <= his[i] && !touchesUnknown;
  }

  /** The seen ranges, lowest first (the unknown seqs are inside one of them). */
  List<SeqRange> seen() {
    List<SeqRange> seen = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      seen.add(new SeqRange(los[i], his[i]));
    }
    return seen;
  }

  /** The seqs not known to be seen or not, if some lowest ranges were merged. */
  Optional<SeqRange> unknown() {
    return hasUnknown ? Optional.of(new SeqRange(unknownLo, unknownHi)) : Optional.empty();
  }

  /** The inverse of {@link #seen()} and {@link #unknown()}, which must be valid. */
  static SeqRanges restore(int maxRanges, List<SeqRange> seen, Optional<SeqRange> unknown) {
    SeqRanges ranges = new SeqRanges(maxRanges, seen.get(0).lo(), seen.get(0).hi());
    for (SeqRange range : seen.subList(1, seen.size())) {
      ranges.insert(range.lo(), range.hi());
    }
    unknown.ifPresent(
        u -> {
          ranges.hasUnknown = true;
          ranges.unknownLo = u.lo();
          ranges.unknownHi = u.hi();
        });
    return ranges;
  }

  private boolean isUnknown(long seq) {
    return hasUnknown && unknownLo <= seq && seq <= unknownHi;
  }

  /** Adds {@code [lo, hi]}, merging the ranges it overlaps or touches, then enforces the cap. */
  private void insert(long lo, long hi) {
    int first = firstEndingAtOrAbove(lo == Long.MIN_VALUE ? lo : lo - 1);
    int last = lastStartingAtOrBelow(hi == Long.MAX_VALUE ? hi : hi + 1);
    if (first > last) { // touches nothing: a new range at index first
      ensureCapacity(size + 1);
      System.arraycopy(los, first, los, first + 1, size - first);
      System.arraycopy(his, first, his, first + 1, size - first);
      los[first] = lo;
      his[first] = hi;
      size++;
    } else {
      los[first] = Math.min(lo, los[first]);
      his[first] = Math.max(hi, his[last]);
      removeRanges(first + 1, last + 1);
    }
    markKnown(lo, hi);
    if (size > maxRanges) {
      mergeLowest();
    }
  }

  /**
   * Merges range 0 with range 1, or with the higher range holding the unknown seqs; the holes
   * between them join the unknown interval, which stays one interval.
   */
  private void mergeLowest() {
    int last = hasUnknown ? Math.max(1, lastStartingAtOrBelow(unknownLo)) : 1;
    long holeLo = his[0] + 1;
    long holeHi = los[last] - 1;
    unknownLo = hasUnknown ? Math.min(unknownLo, holeLo) : holeLo;
    unknownHi = hasUnknown ? Math.max(unknownHi, holeHi) : holeHi;
    hasUnknown = true;
    his[0] = his[last];
    removeRanges(1, last + 1);
  }

  /** Seen seqs at either end of the unknown interval are no longer unknown. */
  private void markKnown(long lo, long hi) {
    if (!hasUnknown || hi < unknownLo || lo > unknownHi) {
      return;
    }
    if (lo <= unknownLo && hi >= unknownHi) {
      hasUnknown = false;
    } else if (lo <= unknownLo) {
      unknownLo = hi + 1;
    } else if (hi >= unknownHi) {
      unknownHi = lo - 1;
    } // strictly inside: the interval stays whole (it would otherwise split in two)
  }

  /** Removes the ranges with index in {@code [from, to)}. */
  private void removeRanges(int from, int to) {
    System.arraycopy(los, to, los, from, size - to);
    System.arraycopy(his, to, his, from, size - to);
    size -= to - from;
  }

  private void ensureCapacity(int needed) {
    if (needed > los.length) {
      int capacity = Math.min(Math.max(needed, los.length * 2), maxRanges + 1);
      los = Arrays.copyOf(los, capacity);
      his = Arrays.copyOf(his, capacity);
    }
  }

  /** The index of the last range with {@code lo <= seq}, or -1. */
  private int lastStartingAtOrBelow(long seq) {
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (los[mid] <= seq) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return high;
  }

  /** The index of the first range with {@code hi >= seq}, or {@code size}. */
  private int firstEndingAtOrAbove(long seq) {
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (his[mid] >= seq) {
        high = mid - 1;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }
}
