package io.tern.agent.outbox;

import io.tern.agent.batch.Reading;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Binary layout of one outbox excerpt (one reading), written as raw bytes in a Chronicle document,
 * in Chronicle's native byte order (little-endian on x86 and ARM):
 *
 * <pre>
 *   offset size  field
 *        0    1  layout version, currently 1
 *        1    8  seq (int64)
 *        9    8  eventTimeMs (int64, epoch ms)
 *       17    8  value (IEEE-754 double)
 *       25  1-2  metric name length in bytes (Chronicle stop-bit encoding)
 *      26+  len  metric name (UTF-8; ASCII in practice)
 * </pre>
 *
 * About 30 bytes per reading plus Chronicle's 4-byte header. A reader meeting an unknown version
 * fails loudly rather than guessing.
 */
final class ExcerptLayout {
  static final byte VERSION = 1;

  private ExcerptLayout() {}

  /** Bytes of the excerpt of a reading with this encoded metric name, Chronicle header included. */
  static int sizeOf(byte[] encodedMetric) {
    return 4 + 25 + encodedMetric.length;
  }

  /**
   * Writes one excerpt.
   *
   * @param encodedMetric the metric name as {@link EncodedNames#of} gives it (stop-bit length, then
   *     UTF-8: what {@code Bytes.writeUtf8} writes)
   */
  static void write(Bytes<?> out, long seq, byte[] encodedMetric, double value, long eventTimeMs) {
    out.writeByte(VERSION);
    out.writeLong(seq);
    out.writeLong(eventTimeMs);
    out.writeDouble(value);
    out.write(encodedMetric);
  }

  static Reading read(Bytes<?> in, long index) {
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IllegalStateException(
          "outbox excerpt at index " + Long.toHexString(index) + " has unknown layout " + version);
    }
    long seq = in.readLong();
    long eventTimeMs = in.readLong();
    double value = in.readDouble();
    String metric = in.readUtf8();
    if (metric == null) {
      throw new IllegalStateException(
          "outbox excerpt at index " + Long.toHexString(index) + " has no metric name");
    }
    return new Reading(seq, metric, value, eventTimeMs);
  }

  /** Reads only the seq of an excerpt (used to recover the tail and to skip acked readings). */
  static long readSeq(Bytes<?> in, long index) {
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IllegalStateException(
          "outbox excerpt at index " + Long.toHexString(index) + " has unknown layout " + version);
    }
    return in.readLong();
  }
}
