package io.tern.bench.detection;

import java.util.Objects;

/**
 * One alert episode of a detector on one series: raised at {@code raisedMs}, cleared at {@code
 * clearedMs} (event time). The series is alerting in {@code [raisedMs, clearedMs)}.
 *
 * @param kind what the detector called it (e.g. {@code SPIKE}); not used for scoring
 * @param clearedMs {@link #OPEN} if it was still active when the data ended
 */
public record Episode(String deviceId, String metric, String kind, long raisedMs, long clearedMs) {

  /** {@link #clearedMs} of an episode that never cleared. */
  public static final long OPEN = Long.MAX_VALUE;

  public Episode {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    if (clearedMs < raisedMs) {
      throw new IllegalArgumentException(
          "cleared (" + clearedMs + ") before raised (" + raisedMs + ")");
    }
  }

  /** An episode still active at the end of the data. */
  public static Episode open(String deviceId, String metric, String kind, long raisedMs) {
    return new Episode(deviceId, metric, kind, raisedMs, OPEN);
  }
}
