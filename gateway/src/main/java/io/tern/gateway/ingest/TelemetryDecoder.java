package io.tern.gateway.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.ingest.DecodeResult.Reason;
import io.tern.gateway.ingest.DecodeResult.Rejected;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a PUBLISH on {@code tern/v1/telemetry/{deviceId}} into core {@link Reading}s: the one
 * place where the {@link TelemetryBatch} wire format is read. Stateless and thread-safe.
 *
 * <p>Reading seq = {@code base_seq + seq_offset}; event time = {@code base_time_ms +
 * time_offset_ms}; metric = {@code metrics[metric_index]}.
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
          Reason.BAD_TOPIC, "topic '" + topic + "' is not " + TOPIC_PREFIX + "{deviceId}");
    }
    TelemetryBatch batch;
    try {
      batch = TelemetryBatch.parseFrom(payload.duplicate());
    } catch (InvalidProtocolBufferException e) {
      return new Rejected(Reason.BAD_PAYLOAD, "not a TelemetryBatch: " + e.getMessage());
    }
    if (!batch.getDeviceId().isEmpty() && !batch.getDeviceId().equals(deviceId)) {
      return new Rejected(
          Reason.BAD_PAYLOAD,
          "device_id '" + batch.getDeviceId() + "' does not match topic device '" + deviceId + "'");
    }
    return readings(deviceId, batch);
  }

  private static DecodeResult readings(String deviceId, TelemetryBatch batch) {
    for (String metric : batch.getMetricsList()) {
      if (!isValidMetricName(metric)) {
        return new Rejected(Reason.BAD_PAYLOAD, "invalid metric name '" + metric + "'");
      }
    }
    List<Reading> readings = new ArrayList<>(batch.getReadingsCount());
    for (int i = 0; i < batch.getReadingsCount(); i++) {
      io.tern.proto.v1.Reading r = batch.getReadings(i);
      if (r.getMetricIndex() >= batch.getMetricsCount()) {
        return new Rejected(
            Reason.BAD_PAYLOAD,
            "reading " + i + " has metric_index " + r.getMetricIndex() + " out of range");
      }
      if (!Double.isFinite(r.getValue())) {
        return new Rejected(Reason.BAD_PAYLOAD, "reading " + i + " has value " + r.getValue());
      }
      readings.add(
          new Reading(
              deviceId,
              batch.getStreamEpoch(),
              batch.getBaseSeq() + Integer.toUnsignedLong(r.getSeqOffset()),
              batch.getMetrics(r.getMetricIndex()),
              r.getValue(),
              batch.getBaseTimeMs() + r.getTimeOffsetMs()));
    }
    return new Decoded(new IngestBatch(deviceId, readings));
  }

  /** Metric names become a topic level: non-empty, no {@code /}, {@code +} or {@code #}. */
  static boolean isValidMetricName(String metric) {
    return !metric.isEmpty()
        && metric.indexOf('/') < 0
        && metric.indexOf('+') < 0
        && metric.indexOf('#') < 0;
  }
}
