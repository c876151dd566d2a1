package io.tern.gateway.core.dedupe;

/**
 * Settings of {@link Dedupe}.
 *
 * @param maxRanges how many ranges of seen seqs are kept per stream, at least 1. In-order traffic,
 *     and a backlog drained beside live readings, need one or two; each further hole (a seq not yet
 *     received) needs one more. Past the cap the lowest two ranges are merged and the seqs of the
 *     hole between them become unknown ({@link DedupeVerdict#BEYOND_WINDOW}). Memory per stream is
 *     at most {@code 16 * (maxRanges + 1)} bytes plus a little.
 * @param maxStreamsPerDevice how many streams (agent outboxes) are remembered per device; when a
 *     device starts one more, the stream it used least recently is forgotten (and reported)
 */
public record DedupeSettings(int maxRanges, int maxStreamsPerDevice) {

  public DedupeSettings {
    if (maxRanges < 1) {
      throw new IllegalArgumentException(
          "dedupe max ranges per stream must be positive, was " + maxRanges);
    }
    if (maxStreamsPerDevice < 1) {
      throw new IllegalArgumentException(
          "max streams per device must be positive, was " + maxStreamsPerDevice);
    }
  }

  /** 1024 ranges per stream, 4 streams per device. */
  public static DedupeSettings defaults() {
    return new DedupeSettings(1024, 4);
  }
}
