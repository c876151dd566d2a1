package io.tern.gateway.ingest;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.ingest.DecodeResult.Rejected;
import io.tern.gateway.validation.ReceivedBatch;
import io.tern.gateway.validation.ReceivedBatch.ReceivedGap;
import io.tern.gateway.validation.ReceivedBatch.ReceivedReading;
import io.tern.gateway.validation.RejectionReason;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a PUBLISH on {@code tern/v1/telemetry/{deviceId}} into a {@link ReceivedBatch}: the one
 * place where the {@link TelemetryBatch} wire format is read. It checks only that the topic and the
 * bytes are well-formed; everything else is the validator's job. Stateless and thread-safe.
 *
 * <p>Reading seq = {@code base_seq + seq_offset}; event time = {@code base_time_ms +
 * time_offset_ms}, saturated at the ends of the {@code long} range instead of wrapping around;
 * metric = {@code metrics[metric_index]} (both offsets and the index unsigned where the wire type
 * is).
 *
 * <p>A field number of the schema that arrives with another wire type (a varint where a {@code
 * double} belongs, say) is a {@code DECODE_ERROR}: Protobuf would keep it as an unknown field and
 * read the field as its default, e.g. a value of 0.0, and the compatibility rules never change a
 * field's type. Unknown field numbers are ignored (newer senders).
 */
public final class TelemetryDecoder {
  public static final String TOPIC_PREFIX = "tern/v1/telemetry/";

  private TelemetryDecoder() {}

  /** Whether a topic belongs to the telemetry namespace (then the gateway owns the message). */
  public static boolean isTelemetry(String topic) {
    return topic.startsWith(TOPIC_PREFIX);
  }

  /** The device id of a well-formed telemetry topic, or {@code null}. */
  public static String deviceIdOf(String topic) {
    if (!isTelemetry(topic)) {
      return null;
    }
    String deviceId = topic.substring(TOPIC_PREFIX.length());
    return deviceId.isEmpty() || deviceId.indexOf('/') >= 0 ? null : deviceId;
  }

  public static DecodeResult decode(String topic, ByteBuffer payload) {
    String deviceId = deviceIdOf(topic);
    if (deviceId == null) {
      return new Rejected(
          RejectionReason.INVALID_TOPIC,
          "topic '" + topic + "' is not " + TOPIC_PREFIX + "{deviceId}");
    }
    TelemetryBatch batch;
    try {
      batch = TelemetryBatch.parseFrom(payload.duplicate());
    } catch (InvalidProtocolBufferException e) {
      return new Rejected(RejectionReason.DECODE_ERROR, "not a TelemetryBatch: " + e.getMessage());
    }
    String misTyped = misTypedField(batch);
    for (int i = 0; misTyped == null && i < batch.getReadingsCount(); i++) {
      misTyped = misTypedField(batch.getReadings(i));
    }
    for (int i = 0; misTyped == null && i < batch.getGapsCount(); i++) {
      misTyped = misTypedField(batch.getGaps(i));
    }
    if (misTyped != null) {
      return new Rejected(
          RejectionReason.DECODE_ERROR, "field " + misTyped + " has the wrong wire type");
    }
    return new Decoded(deviceId, received(batch));
  }

  /**
   * The full name of a field of {@code message}'s schema that was sent with a wrong wire type (so
   * the parser kept it as an unknown field), or {@code null}.
   */
  static String misTypedField(Message message) {
    if (message.getUnknownFields().isEmpty()) {
      return null;
    }
    for (int number : message.getUnknownFields().asMap().keySet()) {
      FieldDescriptor field = message.getDescriptorForType().findFieldByNumber(number);
      if (field != null) {
        return field.getFullName();
      }
    }
    return null;
  }

  private static long eventTime(long baseTimeMs, long offsetMs) {
    long sum = baseTimeMs + offsetMs;
    // Overflow iff both operands have the same sign and the sum's sign differs.
    if (((baseTimeMs ^ sum) & (offsetMs ^ sum)) < 0) {
      return offsetMs < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  private static ReceivedBatch received(TelemetryBatch batch) {
    List<ReceivedReading> readings = new ArrayList<>(batch.getReadingsCount());
    for (io.tern.proto.v1.Reading r : batch.getReadingsList()) {
      readings.add(
          new ReceivedReading(
              batch.getBaseSeq() + Integer.toUnsignedLong(r.getSeqOffset()),
              Integer.toUnsignedLong(r.getMetricIndex()),
              r.getValue(),
              eventTime(batch.getBaseTimeMs(), r.getTimeOffsetMs())));
    }
    return new ReceivedBatch(
        batch.getDeviceId(),
        batch.getStreamEpoch(),
        batch.getMetricsList(),
        readings,
        batch.getGapsList().stream()
            .map(g -> new ReceivedGap(g.getFirstSeq(), g.getLastSeq(), g.getReasonValue()))
            .toList());
  }
}
