package io.tern.bridge.cli;

import io.tern.bridge.BridgeConfig;
import io.tern.bridge.SinkSettings;
import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.bridge.sink.kafka.ValueFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The sink options of the cloud bridge (everything but the output log and the {@code --mqtt-*}
 * options of {@link MqttOptions}): a mixin of {@code tern bridge}, and an argument group of {@code
 * tern gateway}, which runs the bridge in its own process when any of them is given. Parsed on the
 * caller's thread.
 */
public final class BridgeOptions {

  @Option(
      names = "--sink",
      paramLabel = "SINK",
      defaultValue = "kafka",
      description = {
        "Where outputs go: kafka (exactly-once or at-least-once, see --delivery), file (NDJSON,"
            + " exactly-once, needs --file) or mqtt (remote broker, QoS 1, at-least-once, needs"
            + " --mqtt-url).",
        "Default: ${DEFAULT-VALUE}"
      })
  String sink;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = {"Kafka bootstrap servers.", "Default: ${DEFAULT-VALUE}"})
  String bootstrapServers;

  @Option(
      names = "--rollups-topic",
      paramLabel = "TOPIC",
      defaultValue = BridgeConfig.DEFAULT_ROLLUPS_TOPIC,
      description = {"Topic for rollups (tern.v1.Rollup).", "Default: ${DEFAULT-VALUE}"})
  String rollupsTopic;

  @Option(
      names = "--alerts-topic",
      paramLabel = "TOPIC",
      defaultValue = BridgeConfig.DEFAULT_ALERTS_TOPIC,
      description = {"Topic for alerts (tern.v1.Alert).", "Default: ${DEFAULT-VALUE}"})
  String alertsTopic;

  @Option(
      names = "--topic-partitions",
      paramLabel = "N",
      defaultValue = "3",
      description = {"Partitions of topics the bridge creates.", "Default: ${DEFAULT-VALUE}"})
  int topicPartitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "1",
      description = {
        "Replication factor of topics the bridge creates.",
        "Default: ${DEFAULT-VALUE}"
      })
  short replicationFactor;

  @Option(
      names = "--delivery",
      paramLabel = "MODE",
      defaultValue = "exactly-once",
      description = {
        "exactly-once: Kafka transactions, the position is committed with the records;"
            + " at-least-once: idempotent producer, a crash may repeat the last batch.",
        "Default: ${DEFAULT-VALUE}"
      })
  String delivery;

  @Option(
      names = "--bridge-id",
      paramLabel = "ID",
      defaultValue = BridgeConfig.DEFAULT_BRIDGE_ID,
      description = {
        "Stable id of this bridge (transactional.id <ID>-tx, key in the offsets topic). A second"
            + " bridge with the same id fences the first.",
        "Default: ${DEFAULT-VALUE}"
      })
  String bridgeId;

  @Option(
      names = "--offsets-topic",
      paramLabel = "TOPIC",
      defaultValue = BridgeConfig.DEFAULT_OFFSETS_TOPIC,
      description = {
        "Compacted topic holding each bridge's committed output-log position (exactly-once).",
        "Default: ${DEFAULT-VALUE}"
      })
  String offsetsTopic;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = {
        "Extra Kafka client property for every client (repeatable), e.g."
            + " security.protocol=SASL_SSL. Default: none"
      })
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = "--value-format",
      paramLabel = "FORMAT",
      defaultValue = "protobuf",
      description = {
        "Kafka record values: protobuf (tern.v1.Rollup / tern.v1.Alert) or json (the gateway's"
            + " MQTT JSON).",
        "Default: ${DEFAULT-VALUE}"
      })
  String valueFormat;

  @Option(
      names = "--file",
      paramLabel = "PATH",
      description = {
        "NDJSON file for --sink file (one JSON object per line; <PATH>.position holds the"
            + " committed length). Default: none"
      })
  Path file;

  /**
   * The bridge configuration these options describe, for the output log {@code outputLog}.
   *
   * @param mqtt the {@code --mqtt-*} options, or null if none was given
   * @throws IllegalArgumentException if an option is invalid or a sink misses its options
   */
  public BridgeConfig config(Path outputLog, MqttOptions mqtt) {
    return new BridgeConfig(
            outputLog,
            bootstrapServers,
            rollupsTopic,
            alertsTopic,
            topicPartitions,
            replicationFactor,
            DeliveryGuarantee.fromLabel(delivery),
            bridgeId,
            offsetsTopic,
            kafkaProperties)
        .withValueFormat(ValueFormat.fromLabel(valueFormat))
        .withSink(sinkSettings(mqtt));
  }

  private SinkSettings sinkSettings(MqttOptions mqtt) {
    switch (sink.toLowerCase(Locale.ROOT)) {
      case "kafka":
        return new SinkSettings.Kafka();
      case "file":
        if (file == null) {
          throw new IllegalArgumentException("--sink file needs --file PATH");
        }
        return new SinkSettings.File(file);
      case "mqtt":
        if (mqtt == null) {
          throw new IllegalArgumentException("--sink mqtt needs --mqtt-url URL");
        }
        return new SinkSettings.Mqtt(mqtt.config(bridgeId));
      default:
        throw new IllegalArgumentException(
            "unknown sink '" + sink + "', expected kafka, file or mqtt");
    }
  }
}
