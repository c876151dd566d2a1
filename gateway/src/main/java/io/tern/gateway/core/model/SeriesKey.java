package io.tern.gateway.core.model;

import java.util.Objects;

/** One metric of one device: the unit of windows and detectors. */
public record SeriesKey(String deviceId, String metric) {

  public SeriesKey {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
  }
}
