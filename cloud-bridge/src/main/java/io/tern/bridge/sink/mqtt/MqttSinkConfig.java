package io.tern.bridge.sink.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the MQTT sink publishes.
 *
 * @param serverUri broker URI, {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId MQTT client id (one per bridge)
 * @param topicPrefix topics are {@code <prefix>/rollups/{deviceId}/{metric}} and {@code
 *     <prefix>/alerts/{deviceId}/{metric}}
 * @param username user name, if the broker wants one
 * @param password password (only with a user name)
 * @param caFile PEM file with the CA certificate(s) to trust (TLS); else the JVM's trust store
 * @param clientCertFile PEM client certificate (chain) for mutual TLS, with {@code clientKeyFile}
 * @param clientKeyFile PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of the client certificate
 * @param maxInFlight most unacknowledged QoS 1 publishes; keep it at or below the broker's Receive
 *     Maximum
 */
public record MqttSinkConfig(
    String serverUri,
    String clientId,
    String topicPrefix,
    Optional<String> username,
    Optional<String> password,
    Optional<Path> caFile,
    Optional<Path> clientCertFile,
    Optional<Path> clientKeyFile,
    int maxInFlight) {

  public static final String DEFAULT_TOPIC_PREFIX = "tern/v1";
  public static final int DEFAULT_MAX_IN_FLIGHT = 10;

  public MqttSinkConfig {
    Objects.requireNonNull(serverUri, "serverUri");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(clientCertFile, "clientCertFile");
    Objects.requireNonNull(clientKeyFile, "clientKeyFile");
    if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://")) {
      throw new IllegalArgumentException(
          "MQTT URL must start with tcp:// or ssl://, was " + serverUri);
    }
    if (clientId.isBlank() || topicPrefix.isBlank() || topicPrefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "MQTT client id and topic prefix must not be blank (nor the prefix end with /)");
    }
    if (password.isPresent() && username.isEmpty()) {
      throw new IllegalArgumentException("an MQTT password needs a user name");
    }
    if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
      throw new IllegalArgumentException("MQTT client certificate and key go together");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("MQTT max in-flight must be >= 1, was " + maxInFlight);
    }
  }

  /** Plain TCP or TLS with the JVM's trust store, no credentials. */
  public static MqttSinkConfig of(String serverUri, String clientId) {
    return new MqttSinkConfig(
        serverUri,
        clientId,
        DEFAULT_TOPIC_PREFIX,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_MAX_IN_FLIGHT);
  }

  boolean tls() {
    return serverUri.startsWith("ssl://");
  }

  @Override
  public String toString() {
    return "MqttSinkConfig["
        + serverUri
        + ", client "
        + clientId
        + ", prefix "
        + topicPrefix
        + ", user "
        + username.orElse("-")
        + ", password "
        + (password.isPresent() ? "***" : "-")
        + ", ca "
        + caFile.map(Path::toString).orElse("-")
        + "]";
  }
}
