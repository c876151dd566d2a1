package io.tern.agent;

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
 */
public record AgentConfig(
    String deviceId,
    String brokerUri,
    Path dataDir,
    int batchMaxReadings,
    Duration linger,
    int maxInFlight) {
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

  public AgentConfig {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(brokerUri, "brokerUri");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(linger, "linger");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException(
          "invalid device id '" + deviceId + "': expected 1-64 characters of [A-Za-z0-9_-]");
    }
    validateBrokerUri(brokerUri);
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
  }

  /** Defaults: 100 readings per batch, 200 ms linger, 8 batches in flight. */
  public static AgentConfig defaults(String deviceId, String brokerUri, Path dataDir) {
    return new AgentConfig(deviceId, brokerUri, dataDir, 100, Duration.ofMillis(200), 8);
  }

  private static void validateBrokerUri(String brokerUri) {
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
  }
}
