package io.tern.agent.outbox;

import java.util.HashMap;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Metric names as {@link ExcerptLayout} stores them (stop-bit length, then UTF-8), encoded once per
 * name: a device has a handful of metrics and appends each of them millions of times. At most
 * {@link #MAX_NAMES} names are kept; further names are encoded on every append.
 *
 * <p>Not thread-safe: guarded by the outbox's lock.
 */
final class EncodedNames {
  static final int MAX_NAMES = 1024;

  private final Map<String, byte[]> encoded = new HashMap<>();

  /** The stored form of {@code metric}. */
  byte[] of(String metric) {
    byte[] bytes = encoded.get(metric);
    if (bytes == null) {
      bytes = encode(metric);
      if (encoded.size() < MAX_NAMES) {
        encoded.put(metric, bytes);
      }
    }
    return bytes;
  }

  private static byte[] encode(String metric) {
    Bytes<byte[]> out = Bytes.allocateElasticOnHeap(metric.length() + 2);
    try {
      out.writeUtf8(metric);
      return out.toByteArray();
    } finally {
      out.releaseLast();
    }
  }
}
