package io.tern.bridge;

import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.bridge.sink.kafka.ValueFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the cloud bridge (every key is documented in the module README).
 *
 * @param outputLogDir the gateway's output log (Chronicle Queue directory); may not exist yet
 * @param bootstrapServers Kafka bootstrap servers
 * @param rollupsTopic topic receiving {@code tern.v1.Rollup} values
 * @param alertsTopic topic receiving {@code tern.v1.Alert} values
 * @param topicPartitions partitions of topics the bridge creates (existing topics are untouched)
 * @param topicReplicationFactor replication factor of topics the bridge creates
 * @param delivery exactly-once (transactions, default) or at-least-once (idempotent producer)
 * @param bridgeId stable identity of this bridge: Kafka client id, transactional id {@code
 *     <bridgeId>-tx}, key of its position in the offsets topic; two bridges with one id fence
 * @param offsetsTopic compacted topic where exactly-once delivery commits the bridge's position
 * @param kafkaProperties extra Kafka client properties (TLS, SASL, ...) passed to every client
 * @param valueFormat Kafka record values: Protobuf (default) or JSON
 * @param sink where outputs go: Kafka (default, configured by the fields above), an NDJSON file or
 *     a remote MQTT broker
 */
public record BridgeConfig(
    Path outputLogDir,
    String bootstrapServers,
    String rollupsTopic,
    String alertsTopic,
    int topicPartitions,
    short topicReplicationFactor,
    DeliveryGuarantee delivery,
    String bridgeId,
    String offsetsTopic,
    Map<String, String> kafkaProperties,
    ValueFormat valueFormat,
    SinkSettings sink) {

  public static final String DEFAULT_ROLLUPS_TOPIC = "tern.rollups";
  public static final String DEFAULT_ALERTS_TOPIC = "tern.alerts";
  public static final String DEFAULT_OFFSETS_TOPIC = "tern.bridge.offsets";
  public static final String DEFAULT_BRIDGE_ID = "tern-bridge";
  public static final DeliveryGuarantee DEFAULT_DELIVERY = DeliveryGuarantee.EXACTLY_ONCE;
  public static final int DEFAULT_TOPIC_PARTITIONS = 3;
  public static final short DEFAULT_TOPIC_REPLICATION_FACTOR = 1;

  public BridgeConfig {
    Objects.requireNonNull(outputLogDir, "outputLogDir");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(rollupsTopic, "rollupsTopic");
    Objects.requireNonNull(alertsTopic, "alertsTopic");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(bridgeId, "bridgeId");
    Objects.requireNonNull(offsetsTopic, "offsetsTopic");
    Objects.requireNonNull(valueFormat, "valueFormat");
    Objects.requireNonNull(sink, "sink");
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (bootstrapServers.isBlank()
        || rollupsTopic.isBlank()
        || alertsTopic.isBlank()
        || offsetsTopic.isBlank()
        || bridgeId.isBlank()) {
      throw new IllegalArgumentException(
          "bootstrap servers, bridge id and topic names must not be blank");
    }
    if (rollupsTopic.equals(alertsTopic)) {
      throw new IllegalArgumentException(
          "rollups and alerts need different topics, both are " + alertsTopic);
    }
    if (offsetsTopic.equals(rollupsTopic) || offsetsTopic.equals(alertsTopic)) {
      throw new IllegalArgumentException(
          "the offsets topic must differ from the rollups and alerts topics: " + offsetsTopic);
    }
    if (topicPartitions < 1 || topicReplicationFactor < 1) {
      throw new IllegalArgumentException(
          "topic partitions and replication factor must be >= 1, were "
              + topicPartitions
              + " and "
              + topicReplicationFactor);
    }
  }

  /** Kafka with Protobuf values (the layout before other sinks existed). */
  public BridgeConfig(
      Path outputLogDir,
      String bootstrapServers,
      String rollupsTopic,
      String alertsTopic,
      int topicPartitions,
      short topicReplicationFactor,
      DeliveryGuarantee delivery,
      String bridgeId,
      String offsetsTopic,
      Map<String, String> kafkaProperties) {
    this(
        outputLogDir,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        topicPartitions,
        topicReplicationFactor,
        delivery,
        bridgeId,
        offsetsTopic,
        kafkaProperties,
        ValueFormat.PROTOBUF,
        new SinkSettings.Kafka());
  }

  /** A copy delivering to {@code sink} instead. */
  public BridgeConfig withSink(SinkSettings sink) {
    return new BridgeConfig(
        outputLogDir,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        topicPartitions,
        topicReplicationFactor,
        delivery,
        bridgeId,
        offsetsTopic,
        kafkaProperties,
        valueFormat,
        sink);
  }

  /** A copy writing Kafka record values in {@code format}. */
  public BridgeConfig withValueFormat(ValueFormat format) {
    return new BridgeConfig(
        outputLogDir,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        topicPartitions,
        topicReplicationFactor,
        delivery,
        bridgeId,
        offsetsTopic,
        kafkaProperties,
        format,
        sink);
  }

  /** Default delivery (exactly-once), bridge id, offsets topic and no extra Kafka properties. */
  public BridgeConfig(
      Path outputLogDir,
      String bootstrapServers,
      String rollupsTopic,
      String alertsTopic,
      int topicPartitions,
      short topicReplicationFactor) {
    this(
        outputLogDir,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        topicPartitions,
        topicReplicationFactor,
        DEFAULT_DELIVERY,
        DEFAULT_BRIDGE_ID,
        DEFAULT_OFFSETS_TOPIC,
        Map.of(),
        ValueFormat.PROTOBUF,
        new SinkSettings.Kafka());
  }

  /** Topics created with {@value #DEFAULT_TOPIC_PARTITIONS} partitions and replication factor 1. */
  public BridgeConfig(
      Path outputLogDir, String bootstrapServers, String rollupsTopic, String alertsTopic) {
    this(
        outputLogDir,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        DEFAULT_TOPIC_PARTITIONS,
        DEFAULT_TOPIC_REPLICATION_FACTOR);
  }

  /** Topics {@value #DEFAULT_ROLLUPS_TOPIC} and {@value #DEFAULT_ALERTS_TOPIC}. */
  public static BridgeConfig defaults(Path outputLogDir, String bootstrapServers) {
    return new BridgeConfig(
        outputLogDir, bootstrapServers, DEFAULT_ROLLUPS_TOPIC, DEFAULT_ALERTS_TOPIC);
  }

  /** A copy whose created topics get {@code partitions} and {@code replicationFactor}. */
  public BridgeConfig withTopicLayout(int partitions, short replicationFactor) {
    return new BridgeConfig(
        outputLogDir,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        partitions,
        replicationFactor,
        delivery,
        bridgeId,
        offsetsTopic,
        kafkaProperties,
        valueFormat,
        sink);
  }

  /** A copy with another delivery guarantee, bridge id and offsets topic. */
  public BridgeConfig withDelivery(
      DeliveryGuarantee delivery, String bridgeId, String offsetsTopic) {
    return new BridgeConfig(
        outputLogDir,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        topicPartitions,
        topicReplicationFactor,
        delivery,
        bridgeId,
        offsetsTopic,
        kafkaProperties,
        valueFormat,
        sink);
  }

  /** A copy passing {@code properties} (e.g. {@code security.protocol}) to every Kafka client. */
  public BridgeConfig withKafkaProperties(Map<String, String> properties) {
    return new BridgeConfig(
        outputLogDir,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        topicPartitions,
        topicReplicationFactor,
        delivery,
        bridgeId,
        offsetsTopic,
        properties,
        valueFormat,
        sink);
  }
}
