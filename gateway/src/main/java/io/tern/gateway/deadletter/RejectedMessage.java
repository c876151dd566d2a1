package io.tern.gateway.deadletter;

/**
 * A telemetry message some or all of which was rejected, as received.
 *
 * @param topicDeviceId the topic's device id, or null if the topic is malformed
 * @param clientId MQTT client id of the sender
 * @param topic the topic it was published on
 * @param receivedAtMs when the gateway received it, epoch ms
 * @param payload its bytes (not copied; do not modify)
 */
public record RejectedMessage(
    String topicDeviceId, String clientId, String topic, long receivedAtMs, byte[] payload) {

  /**
   * A device id that is safe as one topic level: the topic's, else the client id, else a marker.
   */
  public String dlqDeviceId() {
    if (topicDeviceId != null) {
      return topicDeviceId;
    }
    if (clientId != null && isTopicLevel(clientId)) {
      return clientId;
    }
    return DeadLetters.UNKNOWN_DEVICE;
  }

  private static boolean isTopicLevel(String text) {
    return !text.isEmpty()
        && text.indexOf('/') < 0
        && text.indexOf('+') < 0
        && text.indexOf('#') < 0
        && text.indexOf('\u0000') < 0;
  }
}
