package io.tern.bench.detection;

import java.util.Objects;

/**
 * One labelled anomaly: the event-time interval {@code [startMs, endMs)} of a device (and, for
 * {@link GroundTruth.Scope#SERIES series-scoped} data, one metric of it).
 *
 * @param metric the metric it is on; empty for {@link GroundTruth.Scope#DEVICE device-scoped} data
 * @param kind what was injected or labelled (e.g. {@code spike}, or the SKAB experiment group)
 * @param startMs event time of its first anomalous reading
 * @param endMs exclusive end: after its last anomalous reading
 */
public record Segment(String deviceId, String metric, String kind, long startMs, long endMs) {

  public Segment {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    if (endMs <= startMs) {
      throw new IllegalArgumentException("segment must end after it starts: " + startMs);
    }
  }
}
