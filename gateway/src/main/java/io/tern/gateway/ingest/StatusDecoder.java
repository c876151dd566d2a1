package io.tern.gateway.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tern.gateway.validation.RejectionReason;
import io.tern.proto.v1.DeviceState;
import io.tern.proto.v1.DeviceStatus;
import java.nio.ByteBuffer;

/** Decodes a device's status message ({@code tern/v1/status/{deviceId}}: birth, will, updates). */
final class StatusDecoder {
  static final String TOPIC_PREFIX = "tern/v1/status/";

  /** What a status message says, or why it was refused. */
  sealed interface Result {
    /** A well-formed status of the topic's device; {@code offline} when it announces OFFLINE. */
    record Status(String deviceId, boolean offline) implements Result {}

    record Rejected(RejectionReason reason, String detail) implements Result {}
  }

  private StatusDecoder() {}

  static boolean isStatus(String topic) {
    return topic.startsWith(TOPIC_PREFIX);
  }

  static Result decode(String topic, ByteBuffer payload) {
    String deviceId = topic.substring(TOPIC_PREFIX.length());
    if (deviceId.isEmpty() || deviceId.indexOf('/') >= 0) {
      return new Result.Rejected(
          RejectionReason.INVALID_TOPIC,
          "topic '" + topic + "' is not " + TOPIC_PREFIX + "{deviceId}");
    }
    DeviceStatus status;
    try {
      status = DeviceStatus.parseFrom(payload.duplicate());
    } catch (InvalidProtocolBufferException e) {
      return new Result.Rejected(
          RejectionReason.DECODE_ERROR, "not a DeviceStatus: " + e.getMessage());
    }
    String misTyped = TelemetryDecoder.misTypedField(status);
    if (misTyped != null) {
      return new Result.Rejected(
          RejectionReason.DECODE_ERROR, "field " + misTyped + " has the wrong wire type");
    }
    if (status.getDeviceId().isEmpty()) {
      // An empty payload (how MQTT clears a retained message) lands here too.
      return new Result.Rejected(RejectionReason.MISSING_FIELDS, "device_id is not set");
    }
    if (!status.getDeviceId().equals(deviceId)) {
      return new Result.Rejected(
          RejectionReason.DEVICE_ID_MISMATCH,
          "status of device '" + status.getDeviceId() + "' on the topic of '" + deviceId + "'");
    }
    return new Result.Status(deviceId, status.getState() == DeviceState.DEVICE_STATE_OFFLINE);
  }
}
