package io.tern.agent.publish;

import java.time.Duration;
import java.util.Objects;

/**
 * How the publisher talks to the gateway.
 *
 * @param deviceId MQTT client id and the last level of the telemetry and status topics
 * @param brokerUri e.g. {@code tcp://localhost:1883}
 * @param batchMaxReadings most readings per TelemetryBatch
 * @param linger longest wait for a batch to fill before sending it anyway
 * @param maxInFlight most unacknowledged batches; also kept below the broker's Receive Maximum
 * @param backoffInitial first reconnect delay ceiling (full jitter)
 * @param backoffCap largest reconnect delay
 * @param closeTimeout longest wait on close for unacknowledged readings to be acknowledged
 * @param agentVersion reported in the device status
 * @param ackTimeout longest wait for a PUBACK while batches are in flight before the connection is
 *     treated as down (dropped, reconnected, replayed from the acknowledged position)
 * @param statusInterval period of the retained device status message while connected
 * @param security credentials and TLS of the broker connection
 */
public record PublisherSettings(
    String deviceId,
    String brokerUri,
    int batchMaxReadings,
    Duration linger,
    int maxInFlight,
    Duration backoffInitial,
    Duration backoffCap,
    Duration closeTimeout,
    String agentVersion,
    Duration ackTimeout,
    Duration statusInterval,
    BrokerSecurity security) {
  public PublisherSettings {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(brokerUri, "brokerUri");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffCap, "backoffCap");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Objects.requireNonNull(statusInterval, "statusInterval");
    Objects.requireNonNull(security, "security");
    if (ackTimeout.toMillis() < 1 || statusInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "ackTimeout and statusInterval must be positive, got "
              + ackTimeout
              + " and "
              + statusInterval);
    }
  }

  /** Plain MQTT without credentials. */
  public PublisherSettings(
      String deviceId,
      String brokerUri,
      int batchMaxReadings,
      Duration linger,
      int maxInFlight,
      Duration backoffInitial,
      Duration backoffCap,
      Duration closeTimeout,
      String agentVersion,
      Duration ackTimeout,
      Duration statusInterval) {
    this(
        deviceId,
        brokerUri,
        batchMaxReadings,
        linger,
        maxInFlight,
        backoffInitial,
        backoffCap,
        closeTimeout,
        agentVersion,
        ackTimeout,
        statusInterval,
        BrokerSecurity.NONE);
  }

  public String telemetryTopic() {
    return "tern/v1/telemetry/" + deviceId;
  }

  public String statusTopic() {
    return "tern/v1/status/" + deviceId;
  }
}
