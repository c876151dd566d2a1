package io.tern.gateway.core.dedupe;

/**
 * The seqs {@code lo} to {@code hi} of a stream, both included.
 *
 * @param lo the first seq
 * @param hi the last seq, at least {@code lo}
 */
public record SeqRange(long lo, long hi) {

  public SeqRange {
    if (lo > hi) {
      throw new IllegalArgumentException("seq range [" + lo + ", " + hi + "] is empty");
    }
  }

  /** Whether {@code seq} is in the range. */
  public boolean contains(long seq) {
    return lo <= seq && seq <= hi;
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + hi + "]";
  }
}
