package io.tern.bench.detection;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * The rows of one device (device-scoped data: one row per timestamp, all metrics together) or of
 * one series (series-scoped data: one row per reading), in increasing event time, each labelled
 * anomalous or normal.
 *
 * @param metric empty for device-scoped rows
 */
public record LabelledRows(String deviceId, String metric, long[] timesMs, BitSet anomalous) {

  public LabelledRows {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    for (int i = 1; i < timesMs.length; i++) {
      if (timesMs[i] <= timesMs[i - 1]) {
        throw new IllegalArgumentException(
            deviceId + " " + metric + ": row times must increase, row " + i);
      }
    }
  }

  public int size() {
    return timesMs.length;
  }

  public long firstMs() {
    return timesMs[0];
  }

  public long lastMs() {
    return timesMs[timesMs.length - 1];
  }

  /** Collects rows in time order. */
  public static final class Builder {
    private final String deviceId;
    private final String metric;
    private long[] times = new long[1024];
    private final BitSet anomalous = new BitSet();
    private int size;

    public Builder(String deviceId, String metric) {
      this.deviceId = deviceId;
      this.metric = metric;
    }

    public void add(long timeMs, boolean isAnomalous) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
      }
      anomalous.set(size, isAnomalous);
      times[size++] = timeMs;
    }

    public boolean isEmpty() {
      return size == 0;
    }

    public LabelledRows build() {
      return new LabelledRows(deviceId, metric, Arrays.copyOf(times, size), anomalous);
    }
  }
}
