package io.tern.bridge.sink.kafka;

import java.util.Objects;

/**
 * Where and how the Kafka sink writes.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code localhost:9092}
 * @param rollupsTopic topic for {@code tern.v1.Rollup} values
 * @param alertsTopic topic for {@code tern.v1.Alert} values
 * @param partitions partitions of topics the sink creates
 * @param replicationFactor replication factor of topics the sink creates
 */
public record KafkaSinkConfig(
    String bootstrapServers,
    String rollupsTopic,
    String alertsTopic,
    int partitions,
    short replicationFactor) {

  public KafkaSinkConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(rollupsTopic, "rollupsTopic");
    Objects.requireNonNull(alertsTopic, "alertsTopic");
    if (rollupsTopic.equals(alertsTopic)) {
      throw new IllegalArgumentException(
          "rollups and alerts need different topics: " + alertsTopic);
    }
    if (partitions < 1 || replicationFactor < 1) {
      throw new IllegalArgumentException(
          "partitions and replication factor must be >= 1, were "
              + partitions
              + ", "
              + replicationFactor);
    }
  }
}
