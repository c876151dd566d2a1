package io.tern.gateway.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
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
 * time_offset_ms}; metric = {@code metrics[metric_index]} (both offsets and the index unsigned
 * where the wire type is).
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
    return new Decoded(deviceId, received(batch));
  }

  private static ReceivedBatch received(TelemetryBatch batch) {
    List<ReceivedReading> readings = new ArrayList<>(batch.getReadingsCount());
    for (io.tern.proto.v1.Reading r : batch.getReadingsList()) {
      readings.add(
          new ReceivedReading(
              batch.getBaseSeq() + Integer.toUnsignedLong(r.getSeqOffset()),
              Integer.toUnsignedLong(r.getMetricIndex()),
              r.getValue(),
              batch.getBaseTimeMs() + r.getTimeOffsetMs()));
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
