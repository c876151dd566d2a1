package io.tern.bench.noisy;

import io.tern.proto.v1.Reading;
import io.tern.proto.v1.TelemetryBatch;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the flooder's invalid messages, cycling over every {@link FloodKind} in turn so that the
 * mix is even. Deterministic for a seed. Pure; not thread-safe (the flooder calls it under its
 * lock).
 */
public final class FloodPayloads {
  static final String TOPIC_PREFIX = "tern/v1/telemetry/";
  static final int MAX_GARBAGE_BYTES = 512;
  static final int READINGS = 10;
  private static final FloodKind[] KINDS = FloodKind.values();
  private static final double[] NON_FINITE = {
    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
  };

  private final String flooderId;
  private final List<String> victims;
  private final SplittableRandom random;
  private long made;

  /**
   * @param flooderId the flooder's MQTT client id (and its own topic level)
   * @param victims device ids it pretends to be (at least one)
   */
  public FloodPayloads(String flooderId, List<String> victims, long seed) {
    if (victims.isEmpty()) {
      throw new IllegalArgumentException("the flooder needs at least one device id to spoof");
    }
    this.flooderId = flooderId;
    this.victims = List.copyOf(victims);
    this.random = new SplittableRandom(seed);
  }

  /** The next message; event times end at {@code nowMs}. */
  public FloodMessage next(long nowMs) {
    FloodKind kind = KINDS[(int) (made++ % KINDS.length)];
    String own = TOPIC_PREFIX + flooderId;
    return switch (kind) {
      case GARBAGE -> new FloodMessage(kind, own, garbage());
      case MALFORMED_PROTOBUF -> new FloodMessage(kind, own, malformed(nowMs));
      case SPOOFED_TOPIC -> {
        String victim = victim();
        yield new FloodMessage(kind, TOPIC_PREFIX + victim, batch(victim, nowMs, false));
      }
      case SPOOFED_PAYLOAD -> new FloodMessage(kind, own, batch(victim(), nowMs, false));
      case NON_FINITE -> new FloodMessage(kind, own, batch(flooderId, nowMs, true));
    };
  }

  private String victim() {
    return victims.get(random.nextInt(victims.size()));
  }

  private byte[] garbage() {
    byte[] bytes = new byte[1 + random.nextInt(MAX_GARBAGE_BYTES)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  /**
   * A real batch followed by the tag of one more reading (field 6, length-delimited) that announces
   * more bytes than follow: the parser runs off the end, wherever the valid part stops.
   */
  private byte[] malformed(long nowMs) {
    byte[] valid = batch(flooderId, nowMs, false);
    byte[] bytes = new byte[valid.length + 3];
    System.arraycopy(valid, 0, bytes, 0, valid.length);
    bytes[valid.length] = (byte) ((6 << 3) | 2);
    bytes[valid.length + 1] = (byte) (2 + random.nextInt(126)); // 2..127 bytes announced, 1 follows
    bytes[valid.length + 2] = (byte) random.nextInt(256);
    return bytes;
  }

  /** A batch of {@code deviceId} with plausible values, or with NaN/infinite ones only. */
  private byte[] batch(String deviceId, long nowMs, boolean nonFinite) {
    TelemetryBatch.Builder batch =
        TelemetryBatch.newBuilder()
            .setDeviceId(deviceId)
            .setStreamEpoch(1 + random.nextInt(Integer.MAX_VALUE))
            .setBaseSeq(random.nextInt(1_000_000))
            .setBaseTimeMs(nowMs - READINGS)
            .setSentAtMs(nowMs)
            .addMetrics("temperature");
    for (int i = 0; i < READINGS; i++) {
      double value =
          nonFinite ? NON_FINITE[random.nextInt(NON_FINITE.length)] : 20 + random.nextDouble();
      batch.addReadings(
          Reading.newBuilder()
              .setSeqOffset(i)
              .setMetricIndex(0)
              .setValue(value)
              .setTimeOffsetMs(i));
    }
    return batch.build().toByteArray();
  }
}
