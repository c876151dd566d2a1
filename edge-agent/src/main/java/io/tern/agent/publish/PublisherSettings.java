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
 * @param backlogShare fraction of the in-flight window the backlog may use while live readings flow
 *     (0 < x <= 1; the whole window while they do not); see {@link LaneShare}
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
    BrokerSecurity security,
    double backlogShare) {
  /** Half of the in-flight window for the backlog while live readings flow. */
  public static final double DEFAULT_BACKLOG_SHARE = 0.5;

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
    LaneShare.checkShare(backlogShare);
  }

  /** Plain MQTT without credentials, with the default backlog share. */
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
        BrokerSecurity.NONE,
        DEFAULT_BACKLOG_SHARE);
  }

  public String telemetryTopic() {
    return "tern/v1/telemetry/" + deviceId;
  }

  public String statusTopic() {
    return "tern/v1/status/" + deviceId;
  }
}
