package io.tern.bridge;

import java.nio.file.Path;
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
 */
public record BridgeConfig(
    Path outputLogDir,
    String bootstrapServers,
    String rollupsTopic,
    String alertsTopic,
    int topicPartitions,
    short topicReplicationFactor) {

  public static final String DEFAULT_ROLLUPS_TOPIC = "tern.rollups";
  public static final String DEFAULT_ALERTS_TOPIC = "tern.alerts";
  public static final int DEFAULT_TOPIC_PARTITIONS = 3;
  public static final short DEFAULT_TOPIC_REPLICATION_FACTOR = 1;

  public BridgeConfig {
    Objects.requireNonNull(outputLogDir, "outputLogDir");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(rollupsTopic, "rollupsTopic");
    Objects.requireNonNull(alertsTopic, "alertsTopic");
    if (bootstrapServers.isBlank() || rollupsTopic.isBlank() || alertsTopic.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers and topic names must not be blank");
    }
    if (rollupsTopic.equals(alertsTopic)) {
      throw new IllegalArgumentException(
          "rollups and alerts need different topics, both are " + alertsTopic);
    }
    if (topicPartitions < 1 || topicReplicationFactor < 1) {
      throw new IllegalArgumentException(
          "topic partitions and replication factor must be >= 1, were "
              + topicPartitions
              + " and "
              + topicReplicationFactor);
    }
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
        outputLogDir, bootstrapServers, rollupsTopic, alertsTopic, partitions, replicationFactor);
  }
}
