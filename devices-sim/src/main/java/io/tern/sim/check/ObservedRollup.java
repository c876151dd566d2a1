package io.tern.sim.check;

/** The fields of a rollup the checker needs (gateway JSON, bridge NDJSON or MQTT). */
public record ObservedRollup(
    String deviceId, String metric, long windowStartMs, long windowMs, long count, long revision) {

  /** The rollup's deterministic id, {@code deviceId/metric/windowStartMs/windowMs}. */
  public String id() {
    return deviceId + "/" + metric + "/" + windowStartMs + "/" + windowMs;
  }
}
