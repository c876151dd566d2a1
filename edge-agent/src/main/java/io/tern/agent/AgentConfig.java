package io.tern.agent;

import io.tern.agent.outbox.OutboxBudget;
import io.tern.agent.publish.BrokerSecurity;
import io.tern.agent.publish.PublisherSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of one edge agent (one device stream).
 *
 * @param deviceId device id, {@code [A-Za-z0-9_-]{1,64}}; also the MQTT client id and topic level
 * @param brokerUri gateway MQTT listener, {@code tcp://host:port} (also {@code ssl}, {@code ws},
 *     {@code wss})
 * @param dataDir directory of this device's outbox (created if missing; one per device)
 * @param batchMaxReadings most readings per message (1..10000; default 100)
 * @param linger longest wait for a batch to fill before it is sent anyway (default 200 ms)
 * @param maxInFlight most unacknowledged messages (1..1000; default 8; also kept below the broker's
 *     Receive Maximum)
 * @param ackTimeout a connection whose PUBACKs stop for this long while messages are in flight is
 *     treated as down: dropped, reconnected and replayed (default 30 s)
 * @param statusInterval period of the retained device status message (default 60 s)
 * @param budget disk budget of the outbox (default {@link OutboxBudget#DEFAULT}: 1 GiB, 7 days,
 *     drop-oldest)
 * @param security broker credentials and TLS (default {@link BrokerSecurity#NONE}); TLS is on for
 *     an {@code ssl://}, {@code mqtts://} or {@code wss://} broker URI, and turning it on makes a
 *     {@code tcp://} URI {@code ssl://} (a {@code ws://} one {@code wss://})
 * @param backlogShare after an outage, the fraction of the in-flight window the backlog may use
 *     while live readings flow (0 < x <= 1; default 0.5); live readings go first, and the backlog
 *     gets the whole window while none flow
 */
public record AgentConfig(
    String deviceId,
    String brokerUri,
    Path dataDir,
    int batchMaxReadings,
    Duration linger,
    int maxInFlight,
    Duration ackTimeout,
    Duration statusInterval,
    OutboxBudget budget,
    BrokerSecurity security,
    double backlogShare) {
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(60);

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss", "mqtt", "mqtts");
  private static final Set<String> TLS_SCHEMES = Set.of("ssl", "wss", "mqtts");

  public AgentConfig {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(brokerUri, "brokerUri");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Objects.requireNonNull(statusInterval, "statusInterval");
    Objects.requireNonNull(security, "security");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException(
          "invalid device id '" + deviceId + "': expected 1-64 characters of [A-Za-z0-9_-]");
    }
    String scheme = validateBrokerUri(brokerUri);
    boolean tls = security.tls() || TLS_SCHEMES.contains(scheme);
    security = security.withTls(tls);
    brokerUri = pahoUri(brokerUri, scheme, tls);
    if (batchMaxReadings < 1 || batchMaxReadings > 10_000) {
      throw new IllegalArgumentException(
          "batchMaxReadings must be in 1..10000, got " + batchMaxReadings);
    }
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger must not be negative, got " + linger);
    }
    if (maxInFlight < 1 || maxInFlight > 1_000) {
      throw new IllegalArgumentException("maxInFlight must be in 1..1000, got " + maxInFlight);
    }
    if (ackTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("ackTimeout must be positive, got " + ackTimeout);
    }
    if (statusInterval.toMillis() < 1) {
      throw new IllegalArgumentException("statusInterval must be positive, got " + statusInterval);
    }
    if (!(backlogShare > 0 && backlogShare <= 1)) {
      throw new IllegalArgumentException("backlogShare must be in (0, 1], got " + backlogShare);
    }
  }

  /** Plain MQTT without credentials. */
  public AgentConfig(
      String deviceId,
      String brokerUri,
      Path dataDir,
      int batchMaxReadings,
      Duration linger,
      int maxInFlight,
      Duration ackTimeout,
      Duration statusInterval,
      OutboxBudget budget) {
    this(
        deviceId,
        brokerUri,
        dataDir,
        batchMaxReadings,
        linger,
        maxInFlight,
        ackTimeout,
        statusInterval,
        budget,
        BrokerSecurity.NONE,
        PublisherSettings.DEFAULT_BACKLOG_SHARE);
  }

  /** With the default ack timeout and status interval. */
  public AgentConfig(
      String deviceId,
      String brokerUri,
      Path dataDir,
      int batchMaxReadings,
      Duration linger,
      int maxInFlight) {
    this(
        deviceId,
        brokerUri,
        dataDir,
        batchMaxReadings,
        linger,
        maxInFlight,
        DEFAULT_ACK_TIMEOUT,
        DEFAULT_STATUS_INTERVAL);
  }

  /** With the default disk budget. */
  public AgentConfig(
      String deviceId,
      String brokerUri,
      Path dataDir,
      int batchMaxReadings,
      Duration linger,
      int maxInFlight,
      Duration ackTimeout,
      Duration statusInterval) {
    this(
        deviceId,
        brokerUri,
        dataDir,
        batchMaxReadings,
        linger,
        maxInFlight,
        ackTimeout,
        statusInterval,
        OutboxBudget.DEFAULT);
  }

  /** This configuration with another disk budget. */
  public AgentConfig withBudget(OutboxBudget budget) {
    return new AgentConfig(
        deviceId,
        brokerUri,
        dataDir,
        batchMaxReadings,
        linger,
        maxInFlight,
        ackTimeout,
        statusInterval,
        budget,
        security,
        backlogShare);
  }

  /** This configuration with other broker credentials and TLS settings. */
  public AgentConfig withSecurity(BrokerSecurity security) {
    return new AgentConfig(
        deviceId,
        brokerUri,
        dataDir,
        batchMaxReadings,
        linger,
        maxInFlight,
        ackTimeout,
        statusInterval,
        budget,
        security,
        backlogShare);
  }

  /** This configuration with another in-flight window (1..1000 messages). */
  public AgentConfig withMaxInFlight(int maxInFlight) {
    return new AgentConfig(
        deviceId,
        brokerUri,
        dataDir,
        batchMaxReadings,
        linger,
        maxInFlight,
        ackTimeout,
        statusInterval,
        budget,
        security,
        backlogShare);
  }

  /** This configuration with another ack timeout and status interval. */
  public AgentConfig withLinkTimings(Duration ackTimeout, Duration statusInterval) {
    return new AgentConfig(
        deviceId,
        brokerUri,
        dataDir,
        batchMaxReadings,
        linger,
        maxInFlight,
        ackTimeout,
        statusInterval,
        budget,
        security,
        backlogShare);
  }

  /** This configuration with another backlog share (0 < x <= 1). */
  public AgentConfig withBacklogShare(double backlogShare) {
    return new AgentConfig(
        deviceId,
        brokerUri,
        dataDir,
        batchMaxReadings,
        linger,
        maxInFlight,
        ackTimeout,
        statusInterval,
        budget,
        security,
        backlogShare);
  }

  /**
   * Defaults: 100 readings per batch, 200 ms linger, 8 batches in flight, 30 s ack timeout, status
   * every 60 s.
   */
  public static AgentConfig defaults(String deviceId, String brokerUri, Path dataDir) {
    return new AgentConfig(deviceId, brokerUri, dataDir, 100, Duration.ofMillis(200), 8);
  }

  /** Paho's spelling: {@code mqtt://} is {@code tcp://}, {@code mqtts://} is {@code ssl://}. */
  private static String pahoUri(String brokerUri, String scheme, boolean tls) {
    String rest = brokerUri.substring(scheme.length());
    return switch (scheme) {
      case "tcp", "mqtt", "ssl", "mqtts" -> (tls ? "ssl" : "tcp") + rest;
      case "ws", "wss" -> (tls ? "wss" : "ws") + rest;
      default -> throw new IllegalStateException("unexpected scheme " + scheme);
    };
  }

  private static String validateBrokerUri(String brokerUri) {
    URI uri;
    try {
      uri = new URI(brokerUri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "invalid broker URI '" + brokerUri + "': " + e.getMessage(), e);
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "invalid broker URI '" + brokerUri + "': expected e.g. tcp://localhost:1883");
    }
    return uri.getScheme();
  }
}
