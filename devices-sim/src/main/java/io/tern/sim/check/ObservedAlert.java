package io.tern.sim.check;

/**
 * The fields of an alert the checker needs (gateway JSON, bridge NDJSON or MQTT).
 *
 * @param kind the gateway's kind, e.g. {@code SPIKE}, {@code LEVEL_SHIFT}
 * @param state {@code RAISED} or {@code CLEARED}
 * @param eventTimeMs event time of the reading that triggered the alert
 * @param detectedAtMs gateway time at which it was raised
 */
public record ObservedAlert(
    String id,
    String deviceId,
    String metric,
    String kind,
    String state,
    long eventTimeMs,
    long detectedAtMs) {

  public boolean raised() {
    return "RAISED".equals(state);
  }
}
