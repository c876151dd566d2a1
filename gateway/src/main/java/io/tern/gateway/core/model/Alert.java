package io.tern.gateway.core.model;

import java.util.Objects;

/**
 * A state change of one alert episode on one series.
 *
 * @param id deterministic for the episode: see {@link #episodeId}
 * @param value the value of the reading that caused this state
 * @param eventTimeMs event time of the reading that caused this state, epoch ms
 * @param detectedAtMs gateway wall clock when the state change was detected, epoch ms
 * @param score how anomalous, 0..1
 * @param message human-readable explanation
 */
public record Alert(
    String id,
    String deviceId,
    String metric,
    AlertKind kind,
    Severity severity,
    AlertState state,
    double value,
    long eventTimeMs,
    long detectedAtMs,
    double score,
    String message) {

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in 0..1, was " + score);
    }
  }

  /**
   * The id shared by the RAISED and CLEARED states of one episode: {@code
   * {deviceId}/{metric}/{kind}/{raisedEventTimeMs}}.
   */
  public static String episodeId(SeriesKey series, AlertKind kind, long raisedEventTimeMs) {
    return series.deviceId() + "/" + series.metric() + "/" + kind + "/" + raisedEventTimeMs;
  }
}
