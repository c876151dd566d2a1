package io.tern.agent.wire;

import io.tern.agent.batch.Batch;
import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import io.tern.agent.batch.Reading;
import io.tern.agent.outbox.OutboxHealth;
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
    List<Reading> readings = batch.readings();
    long baseTimeMs = readings.isEmpty() ? 0 : readings.get(0).eventTimeMs();
    TelemetryBatch.Builder out =
        TelemetryBatch.newBuilder()
            .setDeviceId(deviceId)
            .setStreamEpoch(streamEpoch)
            .setBaseSeq(baseSeq)
            .setBaseTimeMs(baseTimeMs)
            .setSentAtMs(sentAtMs)
            .setBacklog(batch.backlog());
    Map<String, Integer> dictionary = new HashMap<>();
    for (Gap gap : batch.gaps()) {
      out.addGaps(
          io.tern.proto.v1.Gap.newBuilder()
              .setFirstSeq(gap.firstSeq())
              .setLastSeq(gap.lastSeq())
              .setReason(toProto(gap.reason())));
    }
    for (Reading reading : readings) {
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

  private static io.tern.proto.v1.GapReason toProto(GapReason reason) {
    return switch (reason) {
      case BUDGET_BYTES -> io.tern.proto.v1.GapReason.GAP_REASON_BUDGET_BYTES;
      case BUDGET_AGE -> io.tern.proto.v1.GapReason.GAP_REASON_BUDGET_AGE;
      case REJECTED_NEW -> io.tern.proto.v1.GapReason.GAP_REASON_REJECTED_NEW;
      case DISK_ERROR -> io.tern.proto.v1.GapReason.GAP_REASON_DISK_ERROR;
    };
  }

  /**
   * Decodes the gaps of a batch.
   *
   * @throws IllegalArgumentException if a gap is malformed or has an unknown reason
   */
  public static List<Gap> gaps(TelemetryBatch batch) {
    List<Gap> out = new ArrayList<>(batch.getGapsCount());
    for (io.tern.proto.v1.Gap gap : batch.getGapsList()) {
      GapReason reason =
          switch (gap.getReason()) {
            case GAP_REASON_BUDGET_BYTES -> GapReason.BUDGET_BYTES;
            case GAP_REASON_BUDGET_AGE -> GapReason.BUDGET_AGE;
            case GAP_REASON_REJECTED_NEW -> GapReason.REJECTED_NEW;
            case GAP_REASON_DISK_ERROR -> GapReason.DISK_ERROR;
            default -> throw new IllegalArgumentException("gap with reason " + gap.getReason());
          };
      out.add(new Gap(gap.getFirstSeq(), gap.getLastSeq(), reason));
    }
    return out;
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

  /**
   * A status message with the outbox's fill figures (bytes and fill of the disk budget, oldest
   * unsent age, drops, offline budget).
   */
  public static DeviceStatus status(
      String deviceId,
      boolean online,
      long streamEpoch,
      long lastSeq,
      long ackedSeq,
      long timestampMs,
      String agentVersion,
      OutboxHealth health) {
    return status(deviceId, online, streamEpoch, lastSeq, ackedSeq, timestampMs, agentVersion)
        .toBuilder()
        .setBufferedBytes(Math.max(0, health.usedBytes()))
        .setBufferFill(
            health.maxBytes() > 0
                ? Math.min(1.0, (double) health.usedBytes() / health.maxBytes())
                : 0)
        .setOldestUnsentAgeMs(health.oldestUnsentAgeMs())
        .setDroppedReadings(health.dropped().total())
        .setOfflineBudgetMs(health.offlineBudgetMs())
        .build();
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

  /** {@link #status} with the outbox's fill figures, serialised. */
  public static byte[] encodeStatus(
      String deviceId,
      boolean online,
      long streamEpoch,
      long lastSeq,
      long ackedSeq,
      long timestampMs,
      String agentVersion,
      OutboxHealth health) {
    return status(
            deviceId, online, streamEpoch, lastSeq, ackedSeq, timestampMs, agentVersion, health)
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
        .setOfflineBudgetMs(-1)
        .build();
  }
}
