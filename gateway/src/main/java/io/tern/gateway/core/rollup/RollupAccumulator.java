package io.tern.gateway.core.rollup;

import io.tern.gateway.core.model.Rollup;

/** Running aggregate of one series in one open window. Not thread-safe (pipeline thread). */
final class RollupAccumulator {
  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double sum;
  private double last;
  private long lastEventTimeMs = Long.MIN_VALUE;

  void add(double value, long eventTimeMs) {
    count++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    if (eventTimeMs >= lastEventTimeMs) {
      last = value;
      lastEventTimeMs = eventTimeMs;
    }
  }

  Rollup toRollup(String deviceId, String metric, long windowStartMs, long windowMs) {
    return new Rollup(
        deviceId, metric, windowStartMs, windowMs, count, min, max, sum, sum / count, last, 0);
  }
}
