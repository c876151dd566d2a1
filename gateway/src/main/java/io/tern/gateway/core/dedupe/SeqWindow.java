package io.tern.gateway.core.dedupe;

import java.util.BitSet;

/**
 * The seqs seen on one stream: a high-water mark (greatest seq seen) and a ring of bits for the
 * {@code window} seqs at and below it. Not thread-safe (pipeline thread).
 */
final class SeqWindow {
  private final int window;
  private final long mask;
  private final long[] bits;
  private long highWaterMark;

  /** A window that has seen only {@code firstSeq}. */
  SeqWindow(int window, long firstSeq) {
    this.window = window;
    this.mask = window - 1L;
    this.bits = new long[window / Long.SIZE];
    this.highWaterMark = firstSeq;
    set(firstSeq);
  }

  DedupeVerdict check(long seq) {
    if (seq > highWaterMark) {
      advanceTo(seq);
      set(seq);
      return DedupeVerdict.FRESH;
    }
    if (highWaterMark - seq >= window) {
      return DedupeVerdict.BEYOND_WINDOW;
    }
    if (isSet(seq)) {
      return DedupeVerdict.DUPLICATE;
    }
    set(seq);
    return DedupeVerdict.FRESH;
  }

  long highWaterMark() {
    return highWaterMark;
  }

  /** Bit {@code k} set = seq {@code highWaterMark - k} was seen, for k in [0, window). */
  BitSet seenBelowHighWaterMark() {
    BitSet seen = new BitSet(window);
    for (int k = 0; k < window; k++) {
      if (isSet(highWaterMark - k)) {
        seen.set(k);
      }
    }
    return seen;
  }

  /** The inverse of {@link #highWaterMark()} and {@link #seenBelowHighWaterMark()}. */
  static SeqWindow restore(int window, long highWaterMark, BitSet seen) {
    SeqWindow restored = new SeqWindow(window, highWaterMark);
    for (int k = seen.nextSetBit(0); k >= 0 && k < window; k = seen.nextSetBit(k + 1)) {
      restored.set(highWaterMark - k);
    }
    return restored;
  }

  private void advanceTo(long seq) {
    if (seq - highWaterMark >= window) {
      java.util.Arrays.fill(bits, 0L);
    } else {
      for (long s = highWaterMark + 1; s <= seq; s++) {
        clear(s);
      }
    }
    highWaterMark = seq;
  }

  private boolean isSet(long seq) {
    int i = (int) (seq & mask);
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  private void set(long seq) {
    int i = (int) (seq & mask);
    bits[i >>> 6] |= 1L << i;
  }

  private void clear(long seq) {
    int i = (int) (seq & mask);
    bits[i >>> 6] &= ~(1L << i);
  }
}
