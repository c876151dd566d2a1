package io.tern.bench.detection;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * One SKAB experiment (one CSV file) as one device.
 *
 * @param deviceId e.g. {@code skab-valve1-3}
 * @param group the folder it came from, e.g. {@code valve1} (the kind of its anomalies)
 * @param source path relative to the data folder, for messages, e.g. {@code valve1/3.csv}
 * @param metrics sanitised value column names, e.g. {@code volume_flow_raterms}
 * @param timesMs row timestamps (read as UTC), strictly increasing
 * @param values {@code values[row][metric]}
 * @param anomalous rows labelled {@code anomaly=1} (none for a file without labels)
 */
public record SkabFile(
    String deviceId,
    String group,
    String source,
    List<String> metrics,
    long[] timesMs,
    double[][] values,
    BitSet anomalous) {

  public SkabFile {
    Objects.requireNonNull(deviceId, "deviceId");
    metrics = List.copyOf(metrics);
    if (timesMs.length != values.length) {
      throw new IllegalArgumentException("one value row per timestamp is needed");
    }
  }

  public int rows() {
    return timesMs.length;
  }
}
