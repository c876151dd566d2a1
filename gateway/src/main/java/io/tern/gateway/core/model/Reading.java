package io.tern.gateway.core.model;

import java.util.Objects;

/**
 * One measured value of one metric of one device, identified by {@code (deviceId, streamEpoch,
 * seq)}.
 *
 * @param deviceId the device that measured it
 * @param streamEpoch random id of the agent outbox stream the reading belongs to
 * @param seq position of the reading in that stream
 * @param metric metric name, e.g. {@code temperature}
 * @param value the measured value (finite)
 * @param eventTimeMs when it was measured, epoch milliseconds (event time)
 */
public record Reading(
    String deviceId, long streamEpoch, long seq, String metric, double value, long eventTimeMs) {

  public Reading {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
  }

  /** The series this reading belongs to. */
  public SeriesKey series() {
    return new SeriesKey(deviceId, metric);
  }
}
