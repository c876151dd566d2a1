package io.tern.gateway.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.tern.proto.v1.Reading;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Telemetry payloads for the bad-input catalogue: well-formed batches and crafted wire bytes a
 * Protobuf builder cannot make directly (wrong wire types, invalid UTF-8, deep nesting), written as
 * unknown fields that the parser then reads with the schema's field numbers.
 */
public final class BadPayloads {
  /** Field numbers of {@code TelemetryBatch} and {@code Reading} (telemetry.proto). */
  private static final int DEVICE_ID = 1;

  private static final int METRICS = 5;
  private static final int READING_VALUE = 3;

  private BadPayloads() {}

  /**
   * Readings one second apart, the first a minute ago; stream epoch 7, seqs from {@code baseSeq}.
   */
  public static TelemetryBatch batch(String deviceId, long baseSeq, double... values) {
    TelemetryBatch.Builder batch =
        TelemetryBatch.newBuilder()
            .setDeviceId(deviceId)
            .setStreamEpoch(7)
            .setBaseSeq(baseSeq)
            .setBaseTimeMs(System.currentTimeMillis() - Duration.ofMinutes(1).toMillis())
            .addMetrics("temperature");
    for (int i = 0; i < values.length; i++) {
      batch.addReadings(
          Reading.newBuilder().setSeqOffset(i).setValue(values[i]).setTimeOffsetMs(i * 1000L));
    }
    return batch.build();
  }

  /** Three good readings. */
  public static byte[] good(String deviceId) {
    return batch(deviceId, 1, 20.0, 21.0, 22.0).toByteArray();
  }

  /** The bytes cut inside the last reading. */
  public static byte[] truncated(byte[] payload) {
    return Arrays.copyOf(payload, payload.length - 3);
  }

  /** The bytes cut just before the last reading: Protobuf sees a valid, shorter batch. */
  public static byte[] lastReadingCut(byte[] payload) {
    TelemetryBatch batch;
    try {
      batch = TelemetryBatch.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a batch", e);
    }
    byte[] shorter =
        batch.toBuilder().removeReadings(batch.getReadingsCount() - 1).build().toByteArray();
    if (!Arrays.equals(shorter, Arrays.copyOf(payload, shorter.length))) {
      throw new IllegalStateException("the readings are not the last field on the wire");
    }
    return shorter;
  }

  /** A good batch with an unknown field holding groups nested 200 deep (Protobuf allows 100). */
  public static byte[] deeplyNested(String deviceId) {
    UnknownFieldSet nested = UnknownFieldSet.getDefaultInstance();
    for (int i = 0; i < 200; i++) {
      nested =
          UnknownFieldSet.newBuilder()
              .addField(100, UnknownFieldSet.Field.newBuilder().addGroup(nested).build())
              .build();
    }
    return withFields(batch(deviceId, 1, 20.0, 21.0, 22.0).toBuilder(), nested);
  }

  /** A good batch with field numbers this schema does not know, in the batch and a reading. */
  public static byte[] unknownFields(String deviceId) {
    TelemetryBatch.Builder batch = batch(deviceId, 1, 20.0, 21.0, 22.0).toBuilder();
    batch.setReadings(0, batch.getReadings(0).toBuilder().setUnknownFields(varint(20, 5)));
    return withFields(batch, bytes(50, "from a newer agent".getBytes(StandardCharsets.UTF_8)));
  }

  /** The second reading's value (a double) sent as a varint. */
  public static byte[] valueAsVarint(String deviceId) {
    TelemetryBatch.Builder batch = batch(deviceId, 1, 20.0, 21.0, 22.0).toBuilder();
    batch.setReadings(
        1,
        batch.getReadings(1).toBuilder().clearValue().setUnknownFields(varint(READING_VALUE, 21)));
    return batch.build().toByteArray();
  }

  /** The device id (a string) sent as a varint. */
  public static byte[] deviceIdAsVarint(String deviceId) {
    return withFields(batch(deviceId, 1, 20.0).toBuilder().clearDeviceId(), varint(DEVICE_ID, 7));
  }

  /** The metric name's bytes are not UTF-8. */
  public static byte[] invalidUtf8Metric(String deviceId) {
    byte[] name = {'t', 'e', 'm', 'p', (byte) 0xff};
    return withFields(batch(deviceId, 1, 20.0).toBuilder().clearMetrics(), bytes(METRICS, name));
  }

  /** The payload's device id is the topic's one followed by a byte that is not UTF-8. */
  public static byte[] invalidUtf8DeviceId(String deviceId) {
    byte[] id = Arrays.copyOf(deviceId.getBytes(StandardCharsets.UTF_8), deviceId.length() + 1);
    id[deviceId.length()] = (byte) 0xc3; // a two-byte sequence's lead byte, cut off
    return withFields(batch(deviceId, 1, 20.0).toBuilder().clearDeviceId(), bytes(DEVICE_ID, id));
  }

  /**
   * Two readings: the first a minute ago, the second at {@code baseTimeMs + offsetMs} (computed by
   * the gateway, so an overflowing sum is the gateway's to handle).
   */
  public static byte[] withEventTime(String deviceId, long baseTimeMs, long offsetMs) {
    long minuteAgo = System.currentTimeMillis() - Duration.ofMinutes(1).toMillis();
    return TelemetryBatch.newBuilder()
        .setDeviceId(deviceId)
        .setStreamEpoch(7)
        .setBaseSeq(1)
        .setBaseTimeMs(baseTimeMs)
        .addMetrics("temperature")
        .addReadings(Reading.newBuilder().setValue(20.0).setTimeOffsetMs(minuteAgo - baseTimeMs))
        .addReadings(Reading.newBuilder().setSeqOffset(1).setValue(21.0).setTimeOffsetMs(offsetMs))
        .build()
        .toByteArray();
  }

  private static byte[] withFields(TelemetryBatch.Builder batch, UnknownFieldSet fields) {
    return batch.setUnknownFields(fields).build().toByteArray();
  }

  private static UnknownFieldSet varint(int number, long value) {
    return UnknownFieldSet.newBuilder()
        .addField(number, UnknownFieldSet.Field.newBuilder().addVarint(value).build())
        .build();
  }

  private static UnknownFieldSet bytes(int number, byte[] value) {
    return UnknownFieldSet.newBuilder()
        .addField(
            number,
            UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFrom(value))
                .build())
        .build();
  }
}
