package io.tern.gateway.core.model;

import java.util.List;
import java.util.Objects;

/**
 * Aggregate of one metric of one device over one tumbling event-time window {@code [windowStartMs,
 * windowStartMs + windowMs)}.
 *
 * @param last value of the reading with the greatest event time in the window (ties: the one that
 *     arrived last)
 * @param quantiles estimated quantiles of the window's values, in configured order (empty when none
 *     are configured)
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
    List<Quantile> quantiles,
    int revision) {

  public Rollup {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    quantiles = List.copyOf(quantiles);
  }

  /** Deterministic id: {@code {deviceId}/{metric}/{windowStartMs}/{windowMs}}. */
  public String id() {
    return deviceId + "/" + metric + "/" + windowStartMs + "/" + windowMs;
  }
}
