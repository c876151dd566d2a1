package io.tern.bridge;

import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.kafka.embedded.EmbeddedKafka;
import io.tern.proto.v1.Alert;
import io.tern.proto.v1.Rollup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The sink contract for the Kafka sink, exactly-once (transactions), read with read_committed. */
class KafkaSinkContractIT extends SinkContract {

  @TempDir static Path kafkaDir;
  private static EmbeddedKafka kafka;
  private final Map<String, KafkaTopicReader> readers = new HashMap<>();

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(kafkaDir, 0);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @AfterEach
  void closeReaders() {
    readers.values().forEach(KafkaTopicReader::close);
    readers.clear();
  }

  @Override
  void beforeBridge(String testId) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(testId + ".rollups", 3, (short) 1),
                  new NewTopic(testId + ".alerts", 3, (short) 1)))
          .all()
          .get();
    }
  }

  @Override
  List<String> sinkArgs(String testId) {
    return List.of(
        "--sink",
        "kafka",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--rollups-topic",
        testId + ".rollups",
        "--alerts-topic",
        testId + ".alerts",
        "--offsets-topic",
        "contract.offsets",
        "--delivery",
        "exactly-once");
  }

  @Override
  List<Delivered> delivered(String testId) throws Exception {
    List<Delivered> delivered = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : reader(testId + ".rollups").poll()) {
      delivered.add(new Delivered("ROLLUP", key(r), Rollup.parseFrom(r.value()).getId()));
    }
    for (ConsumerRecord<byte[], byte[]> r : reader(testId + ".alerts").poll()) {
      delivered.add(new Delivered("ALERT", key(r), Alert.parseFrom(r.value()).getId()));
    }
    return delivered;
  }

  private KafkaTopicReader reader(String topic) {
    return readers.computeIfAbsent(topic, t -> new KafkaTopicReader(kafka.bootstrapServers(), t));
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.key(), StandardCharsets.UTF_8);
  }

  @Override
  DeliveryGuarantee guarantee() {
    return DeliveryGuarantee.EXACTLY_ONCE;
  }
}
