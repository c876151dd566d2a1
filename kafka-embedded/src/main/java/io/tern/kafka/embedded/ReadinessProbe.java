package io.tern.kafka.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Decides that a freshly started broker is usable: it serves metadata and acknowledges a produced
 * record (acks=all) on a probe topic, which is deleted afterwards. Runs on the starting thread.
 */
final class ReadinessProbe {

  static final String PROBE_TOPIC = "__tern_embedded_probe";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ReadinessProbe() {}

  static void awaitReady(String bootstrapServers) {
    Map<String, Object> common =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "tern-embedded-kafka-probe");
    try (Admin admin = Admin.create(common)) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      awaitBroker(admin, deadline);
      createProbeTopic(admin);
      produceProbe(common);
      admin.deleteTopics(Set.of(PROBE_TOPIC)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for embedded Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Embedded Kafka on " + bootstrapServers + " did not become ready", e);
    }
  }

  private static void awaitBroker(Admin admin, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (admin
        .describeCluster()
        .nodes()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("no broker registered within " + TIMEOUT);
      }
      Thread.sleep(50);
    }
  }

  private static void createProbeTopic(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      admin
          .createTopics(List.of(new NewTopic(PROBE_TOPIC, 1, (short) 1)))
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  private static void produceProbe(Map<String, Object> common)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            common.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
            ProducerConfig.CLIENT_ID_CONFIG,
            "tern-embedded-kafka-probe",
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            (int) TIMEOUT.toMillis());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(PROBE_TOPIC, new byte[0]))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
