package io.tern.bench.detection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The labels of one data set: its rows (for point-wise scoring) and its anomaly segments (for
 * event-wise scoring).
 *
 * @param name the data set, e.g. {@code skab}
 * @param scope whether an alert on any metric of a device counts for its labels, or only an alert
 *     on the labelled metric
 */
public record GroundTruth(
    String name, Scope scope, List<LabelledRows> rows, List<Segment> segments) {

  /** What an alert must be on to count for a label. */
  public enum Scope {
    /** Labels are per device (SKAB): an alert on any metric of the device counts. */
    DEVICE,
    /** Labels are per series (simulator): only an alert on the same device and metric counts. */
    SERIES;

    /** The key that alerts and labels of one scoring unit share. */
    String key(String deviceId, String metric) {
      return this == DEVICE ? deviceId : deviceId + '\n' + metric;
    }
  }

  public GroundTruth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    rows = List.copyOf(rows);
    segments = List.copyOf(segments);
    if (rows.stream().anyMatch(r -> r.size() == 0)) {
      throw new IllegalArgumentException("every labelled series needs at least one row");
    }
  }

  /** Per device: {@code [first row time, last row time]}. */
  public Map<String, long[]> deviceSpans() {
    Map<String, long[]> spans = new LinkedHashMap<>();
    for (LabelledRows r : rows) {
      spans.merge(
          r.deviceId(),
          new long[] {r.firstMs(), r.lastMs()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    return spans;
  }

  /** Days of data: the sum over devices of (last row time − first row time). */
  public double days() {
    return deviceSpans().values().stream().mapToLong(s -> s[1] - s[0]).sum() / 86_400_000.0;
  }

  public long rowCount() {
    return rows.stream().mapToLong(LabelledRows::size).sum();
  }

  public long anomalousRowCount() {
    return rows.stream().mapToLong(r -> r.anomalous().cardinality()).sum();
  }
}
