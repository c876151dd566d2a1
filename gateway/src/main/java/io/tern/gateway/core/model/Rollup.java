package io.tern.gateway.core.model;

/**
 * Aggregate of one metric of one device over one tumbling event-time window {@code [windowStartMs,
 * windowStartMs + windowMs)}.
 *
 * @param last value of the reading with the greatest event time in the window (ties: the one that
 *     arrived last)
 * @param revision 0 for the first emission of a window; +1 per correction by late readings
 */
public record Rollup(
    String deviceId,
    String metric,
    long windowStartMs,
    long windowMs,
    long count,
    double min,
    double max,
    double sum,
    double mean,
    double last,
    int revision) {

  /** Deterministic id: {@code {deviceId}/{metric}/{windowStartMs}/{windowMs}}. */
  public String id() {
    return deviceId + "/" + metric + "/" + windowStartMs + "/" + windowMs;
  }
}
