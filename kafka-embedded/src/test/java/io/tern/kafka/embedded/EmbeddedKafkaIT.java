package io.tern.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @TempDir Path dataDir;

  @Test
  void recordsSurviveRestartOnTheSameDataDir() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      createTopic(kafka, "greetings");
      produce(kafka, Map.of(), "greetings", "k1", "hello");
      assertThat(readAll(kafka, "greetings", "read_uncommitted")).containsExactly("k1=hello");
    }

    try (EmbeddedKafka restarted = EmbeddedKafka.start(dataDir, 0)) {
      assertThat(topics(restarted)).contains("greetings");
      assertThat(readAll(restarted, "greetings", "read_uncommitted")).containsExactly("k1=hello");
    }
  }

  @Test
  void transactionalWritesAreVisibleToReadCommittedConsumers() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
      createTopic(kafka, "tx");
      produce(kafka, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"), "tx", "k", "v");
      assertThat(readAll(kafka, "tx", "read_committed")).containsExactly("k=v");
    }
  }

  @Test
  void startsOnARequestedPortAndCloseIsIdempotent() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port);
    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
    kafka.close();
    kafka.close();
  }

  @Test
  void closeLeavesNoBrokerThreadsBehind(@TempDir Path otherDir) throws Exception {
    // A first start/close lets JVM-wide singletons (if any) appear before the snapshot.
    EmbeddedKafka.start(otherDir, 0).close();
    Set<String> before = liveThreadNames();

    EmbeddedKafka.start(dataDir, 0).close();

    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Set<String> after = liveThreadNames();
              after.removeAll(before);
              assertThat(after).isEmpty();
            });
  }

  private static Set<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  private static Set<String> topics(EmbeddedKafka kafka) throws Exception {
    try (Admin admin = admin(kafka)) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  private static void createTopic(EmbeddedKafka kafka, String topic) throws Exception {
    try (Admin admin = admin(kafka)) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.<String, Object>of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static void produce(
      EmbeddedKafka kafka, Map<String, Object> extra, String topic, String key, String value)
      throws Exception {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    boolean transactional = extra.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      if (transactional) {
        producer.initTransactions();
        producer.beginTransaction();
      }
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
      if (transactional) {
        producer.commitTransaction();
      }
    }
  }

  private static List<String> readAll(EmbeddedKafka kafka, String topic, String isolation) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  seen.add(r.key() + "=" + new String(r.value().getBytes(StandardCharsets.UTF_8)));
                }
                return !seen.isEmpty();
              });
    }
    return seen;
  }
}
