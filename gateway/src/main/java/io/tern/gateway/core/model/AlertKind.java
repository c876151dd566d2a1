package io.tern.gateway.core.model;

/** What kind of anomaly an alert reports. */
public enum AlertKind {
  THRESHOLD,
  SPIKE,
  LEVEL_SHIFT,
  STUCK,
  RATE,
  OFFLINE,
  DRIFT
}
