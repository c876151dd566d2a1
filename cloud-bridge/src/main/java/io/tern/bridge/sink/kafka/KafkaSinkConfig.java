package io.tern.bridge.sink.kafka;

import io.tern.bridge.sink.DeliveryGuarantee;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where and how the Kafka sink writes.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code localhost:9092}
 * @param rollupsTopic topic for {@code tern.v1.Rollup} values
 * @param alertsTopic topic for {@code tern.v1.Alert} values
 * @param partitions partitions of topics the sink creates
 * @param replicationFactor replication factor of topics the sink creates
 * @param guarantee at-least-once (idempotent producer) or exactly-once (transactions)
 * @param bridgeId stable identity: client id, transactional id {@code <bridgeId>-tx}, and the key
 *     of this bridge's position in the offsets topic
 * @param offsetsTopic compacted topic holding each bridge's committed output-log position
 * @param clientProperties extra Kafka client settings (TLS, SASL, ...) for every client the sink
 *     makes
 * @param valueFormat Protobuf (default) or JSON record values
 */
public record KafkaSinkConfig(
    String bootstrapServers,
    String rollupsTopic,
    String alertsTopic,
    int partitions,
    short replicationFactor,
    DeliveryGuarantee guarantee,
    String bridgeId,
    String offsetsTopic,
    Map<String, String> clientProperties,
    ValueFormat valueFormat) {

  public KafkaSinkConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(rollupsTopic, "rollupsTopic");
    Objects.requireNonNull(alertsTopic, "alertsTopic");
    Objects.requireNonNull(guarantee, "guarantee");
    Objects.requireNonNull(bridgeId, "bridgeId");
    Objects.requireNonNull(offsetsTopic, "offsetsTopic");
    Objects.requireNonNull(valueFormat, "valueFormat");
    clientProperties = Map.copyOf(clientProperties);
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

  /** Topic for {@code tern.v1.DataGap} values (readings the agents report lost). */
  String gapsTopic() {
    return GAPS_TOPIC;
  }

  /** Fixed for now: not yet a setting of its own. */
  static final String GAPS_TOPIC = "tern.gaps";

  String transactionalId() {
    return bridgeId + "-tx";
  }

  /** Bootstrap servers, the client id {@code <bridgeId><suffix>} and the extra properties. */
  Map<String, Object> clientConfig(String clientIdSuffix) {
    Map<String, Object> c = new HashMap<>(clientProperties);
    c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(CommonClientConfigs.CLIENT_ID_CONFIG, bridgeId + clientIdSuffix);
    return c;
  }
}
