package io.tern.gateway.core.dedupe;

/**
 * Settings of {@link Dedupe}.
 *
 * @param window how many seqs at and below a stream's high-water mark are remembered exactly; a
 *     power of two, at least 64. Memory per stream is {@code window / 8} bytes plus a little.
 * @param maxStreamsPerDevice how many streams (agent outboxes) are remembered per device; when a
 *     device starts one more, the stream it used least recently is forgotten (and reported)
 */
public record DedupeSettings(int window, int maxStreamsPerDevice) {

  public DedupeSettings {
    if (window < 64 || Integer.bitCount(window) != 1) {
      throw new IllegalArgumentException(
          "dedupe window must be a power of two >= 64, was " + window);
    }
    if (maxStreamsPerDevice < 1) {
      throw new IllegalArgumentException(
          "max streams per device must be positive, was " + maxStreamsPerDevice);
    }
  }

  /** 4096 seqs per stream, 4 streams per device (about 2.5 KiB per device). */
  public static DedupeSettings defaults() {
    return new DedupeSettings(4096, 4);
  }
}
