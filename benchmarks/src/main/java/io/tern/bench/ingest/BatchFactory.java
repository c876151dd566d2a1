package io.tern.bench.ingest;

import io.tern.proto.v1.Reading;
import io.tern.proto.v1.TelemetryBatch;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the telemetry batches of one simulated device the way the edge agent's {@code
 * TelemetryMapper} does: metric names once per batch, seq and event time as offsets from per-batch
 * bases, device id equal to the topic's and the client id. Readings cycle over a few metrics with
 * plausible noisy values; seqs are consecutive, so the gateway's dedupe drops none of them.
 *
 * <p>Not thread-safe: each simulated device owns one and calls it under its own lock.
 */
public final class BatchFactory {
  /** Metric names (valid for the gateway) and their typical values and noise. */
  static final List<String> METRICS = List.of("temperature", "humidity", "pressure", "battery");

  private static final double[] MEAN = {21.0, 45.0, 1013.0, 3.7};
  private static final double[] NOISE = {0.5, 2.0, 1.0, 0.01};

  private final String deviceId;
  private final long streamEpoch;
  private final int readingsPerBatch;
  private final int metricCount;
  private final SplittableRandom random;
  private long nextSeq;

  /**
   * @param readingsPerBatch readings in every batch, at least 1
   * @param seed seeds the values, so that a run can be repeated
   */
  public BatchFactory(String deviceId, long streamEpoch, int readingsPerBatch, long seed) {
    if (readingsPerBatch < 1) {
      throw new IllegalArgumentException(
          "readings per batch must be positive, was " + readingsPerBatch);
    }
    this.deviceId = deviceId;
    this.streamEpoch = streamEpoch;
    this.readingsPerBatch = readingsPerBatch;
    this.metricCount = Math.min(METRICS.size(), readingsPerBatch);
    this.random = new SplittableRandom(seed);
  }

  /**
   * The next batch: seqs continue from the previous batch; event times are 1 ms apart and end at
   * {@code nowMs}; {@code sent_at_ms} is {@code nowMs}.
   */
  public TelemetryBatch next(long nowMs) {
    long baseSeq = nextSeq;
    long baseTimeMs = nowMs - (readingsPerBatch - 1);
    TelemetryBatch.Builder batch =
        TelemetryBatch.newBuilder()
            .setDeviceId(deviceId)
            .setStreamEpoch(streamEpoch)
            .setBaseSeq(baseSeq)
            .setBaseTimeMs(baseTimeMs)
            .setSentAtMs(nowMs)
            .addAllMetrics(METRICS.subList(0, metricCount));
    for (int i = 0; i < readingsPerBatch; i++) {
      int metric = i % metricCount;
      batch.addReadings(
          Reading.newBuilder()
              .setSeqOffset(i)
              .setMetricIndex(metric)
              .setValue(MEAN[metric] + NOISE[metric] * random.nextGaussian())
              .setTimeOffsetMs(i));
    }
    nextSeq += readingsPerBatch;
    return batch.build();
  }

  /** Readings in the batches made so far (seqs start at 0, one per reading). */
  public long readingsMade() {
    return nextSeq;
  }

  public String deviceId() {
    return deviceId;
  }

  public long streamEpoch() {
    return streamEpoch;
  }

  public int readingsPerBatch() {
    return readingsPerBatch;
  }
}
