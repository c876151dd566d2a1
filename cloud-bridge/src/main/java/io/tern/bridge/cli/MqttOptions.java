package io.tern.bridge.cli;

import io.tern.bridge.sink.mqtt.MqttSinkConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --mqtt-*} options of {@code bridge --sink mqtt}. Parsed on the caller's thread. */
public final class MqttOptions {

  @Option(
      names = "--mqtt-url",
      paramLabel = "URL",
      description = {"Broker for --sink mqtt: tcp://host:1883 or ssl://host:8883. Default: none"})
  String mqttUrl;

  @Option(
      names = "--mqtt-client-id",
      paramLabel = "ID",
      description = {"MQTT client id. Default: the bridge id"})
  String mqttClientId;

  @Option(
      names = "--mqtt-topic-prefix",
      paramLabel = "PREFIX",
      defaultValue = MqttSinkConfig.DEFAULT_TOPIC_PREFIX,
      description = {
        "Topics are <PREFIX>/rollups/{deviceId}/{metric} and <PREFIX>/alerts/{deviceId}/{metric}.",
        "Default: ${DEFAULT-VALUE}"
      })
  String mqttTopicPrefix;

  @Option(
      names = "--mqtt-username",
      paramLabel = "USER",
      description = {"MQTT user name. Default: none"})
  String mqttUsername;

  @Option(
      names = "--mqtt-password",
      paramLabel = "PASSWORD",
      defaultValue = "${env:TERN_BRIDGE_MQTT_PASSWORD}",
      description = {
        "MQTT password (visible in ps: prefer the environment variable"
            + " TERN_BRIDGE_MQTT_PASSWORD). Default: none"
      })
  String mqttPassword;

  @Option(
      names = "--mqtt-ca-file",
      paramLabel = "PEM",
      description = {"CA certificate(s) to trust for TLS. Default: the JVM's trust store"})
  Path mqttCaFile;

  @Option(
      names = "--mqtt-client-cert",
      paramLabel = "PEM",
      description = {"Client certificate (chain) for mutual TLS, with --mqtt-client-key."})
  Path mqttClientCert;

  @Option(
      names = "--mqtt-client-key",
      paramLabel = "PEM",
      description = {"PKCS#8 private key (BEGIN PRIVATE KEY) of --mqtt-client-cert."})
  Path mqttClientKey;

  @Option(
      names = "--mqtt-max-in-flight",
      paramLabel = "N",
      defaultValue = "10",
      description = {
        "Most unacknowledged QoS 1 publishes (at most the broker's Receive Maximum).",
        "Default: ${DEFAULT-VALUE}"
      })
  int mqttMaxInFlight;

  /**
   * The MQTT sink configuration; the client id defaults to {@code bridgeId}.
   *
   * @throws IllegalArgumentException if {@code --mqtt-url} is missing or an option is invalid
   */
  MqttSinkConfig config(String bridgeId) {
    if (mqttUrl == null) {
      throw new IllegalArgumentException("--sink mqtt needs --mqtt-url URL");
    }
    return new MqttSinkConfig(
        mqttUrl,
        mqttClientId == null ? bridgeId : mqttClientId,
        mqttTopicPrefix,
        Optional.ofNullable(mqttUsername),
        Optional.ofNullable(mqttPassword).filter(p -> !p.isEmpty()),
        Optional.ofNullable(mqttCaFile),
        Optional.ofNullable(mqttClientCert),
        Optional.ofNullable(mqttClientKey),
        mqttMaxInFlight);
  }
}
