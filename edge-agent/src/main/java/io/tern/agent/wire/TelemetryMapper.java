package io.tern.agent.wire;

import io.tern.agent.batch.Batch;
import io.tern.agent.batch.Reading;
import io.tern.proto.v1.DeviceState;
import io.tern.proto.v1.DeviceStatus;
import io.tern.proto.v1.TelemetryBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's only translation between its values and the Protobuf wire messages. Stateless and
 * thread-safe.
 */
public final class TelemetryMapper {
  private TelemetryMapper() {}

  /**
   * Encodes a batch: metric names once in the dictionary, seq as offsets from the first reading,
   * event times as offsets from the first reading's event time.
   */
  public static TelemetryBatch toProto(
      String deviceId, long streamEpoch, Batch batch, long sentAtMs) {
    long baseSeq = batch.firstSeq();
    long baseTimeMs = batch.readings().get(0).eventTimeMs();
    TelemetryBatch.Builder out =
        TelemetryBatch.newBuilder()
            .setDeviceId(deviceId)
            .setStreamEpoch(streamEpoch)
            .setBaseSeq(baseSeq)
            .setBaseTimeMs(baseTimeMs)
            .setSentAtMs(sentAtMs)
            .setBacklog(batch.backlog());
    Map<String, Integer> dictionary = new HashMap<>();
    for (Reading reading : batch.readings()) {
      Integer index = dictionary.get(reading.metric());
      if (index == null) {
        index = dictionary.size();
        dictionary.put(reading.metric(), index);
        out.addMetrics(reading.metric());
      }
      out.addReadings(
          io.tern.proto.v1.Reading.newBuilder()
              .setSeqOffset(Math.toIntExact(reading.seq() - baseSeq))
              .setMetricIndex(index)
              .setValue(reading.value())
              .setTimeOffsetMs(reading.eventTimeMs() - baseTimeMs));
    }
    return out.build();
  }

  /** {@link #toProto} serialised: the payload of one telemetry PUBLISH. */
  public static byte[] encode(String deviceId, long streamEpoch, Batch batch, long sentAtMs) {
    return toProto(deviceId, streamEpoch, batch, sentAtMs).toByteArray();
  }

  /**
   * Decodes the readings of a batch.
   *
   * @throws IllegalArgumentException if a reading refers to a metric the dictionary lacks
   */
  public static List<Reading> readings(TelemetryBatch batch) {
    List<Reading> out = new ArrayList<>(batch.getReadingsCount());
    for (io.tern.proto.v1.Reading reading : batch.getReadingsList()) {
      int index = reading.getMetricIndex();
      if (index >= batch.getMetricsCount()) {
        throw new IllegalArgumentException(
            "reading refers to metric index "
                + index
                + " but the batch has "
                + batch.getMetricsCount()
                + " metrics");
      }
      out.add(
          new Reading(
              batch.getBaseSeq() + Integer.toUnsignedLong(reading.getSeqOffset()),
              batch.getMetrics(index),
              reading.getValue(),
              batch.getBaseTimeMs() + reading.getTimeOffsetMs()));
    }
    return out;
  }

  /** {@link #status} serialised: the payload of a status PUBLISH. */
  public static byte[] encodeStatus(
      String deviceId,
      boolean online,
      long streamEpoch,
      long lastSeq,
      long ackedSeq,
      long timestampMs,
      String agentVersion) {
    return status(deviceId, online, streamEpoch, lastSeq, ackedSeq, timestampMs, agentVersion)
        .toByteArray();
  }

  /** A status message (birth, will or goodbye) for {@code tern/v1/status/{deviceId}}. */
  public static DeviceStatus status(
      String deviceId,
      boolean online,
      long streamEpoch,
      long lastSeq,
      long ackedSeq,
      long timestampMs,
      String agentVersion) {
    return DeviceStatus.newBuilder()
        .setDeviceId(deviceId)
        .setState(online ? DeviceState.DEVICE_STATE_ONLINE : DeviceState.DEVICE_STATE_OFFLINE)
        .setAgentVersion(agentVersion)
        .setStreamEpoch(streamEpoch)
        .setTimestampMs(timestampMs)
        .setLastSeq(lastSeq)
        .setAckedSeq(ackedSeq)
        .setBufferedReadings(Math.max(0, lastSeq - ackedSeq))
        .build();
  }
}
