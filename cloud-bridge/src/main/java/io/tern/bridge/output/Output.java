package io.tern.bridge.output;

import java.util.Objects;

/**
 * One gateway output ready for delivery: its deterministic id, the device it belongs to (the
 * partitioning key) and the serialized message (a {@code tern.v1.Rollup} or {@code tern.v1.Alert}).
 *
 * @param payload the serialized message; owned by this record, do not modify
 */
public record Output(OutputKind kind, String id, String deviceId, byte[] payload) {

  public Output {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public String toString() {
    return kind + " " + id + " (" + payload.length + " bytes)";
  }
}
