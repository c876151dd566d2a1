package io.tern.bridge.sink.kafka;

import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.bridge.sink.SinkException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the rollups and alerts topics (and, for exactly-once, the compacted offsets topic with
 * one partition) if they are missing; existing topics are left as they are. Succeeds once, then
 * does nothing. Called by the delivery thread only.
 */
final class TopicSetup implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  private static final long TIMEOUT_MS = 10_000;

  private final KafkaSinkConfig config;
  private Admin admin;
  private boolean done;

  TopicSetup(KafkaSinkConfig config) {
    this.config = config;
  }

  void ensureExist() throws SinkException {
    if (done) {
      return;
    }
    try {
      Set<String> existing = admin().listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic :
          List.of(config.rollupsTopic(), config.alertsTopic(), config.gapsTopic())) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, config.partitions(), config.replicationFactor()));
        }
      }
      if (config.guarantee() == DeliveryGuarantee.EXACTLY_ONCE
          && !existing.contains(config.offsetsTopic())) {
        missing.add(
            new NewTopic(config.offsetsTopic(), 1, config.replicationFactor())
                .configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      }
      create(missing);
      done = true;
      close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkException("Interrupted while creating Kafka topics", true, e);
    } catch (TimeoutException e) {
      throw new SinkException(
          "Kafka at " + config.bootstrapServers() + " did not answer within " + TIMEOUT_MS + " ms",
          true,
          e);
    } catch (ExecutionException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new SinkException(
          "Cannot create Kafka topics on " + config.bootstrapServers() + ": " + cause,
          cause instanceof RetriableException,
          cause);
    }
  }

  private void create(List<NewTopic> missing)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (missing.isEmpty()) {
      return;
    }
    Map<String, KafkaFuture<Void>> results = admin().createTopics(missing).values();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        LOG.info(
            "Created Kafka topic {} (replication factor {})",
            result.getKey(),
            config.replicationFactor());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  private Admin admin() {
    if (admin == null) {
      Map<String, Object> c = config.clientConfig("-admin");
      c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
      c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
      admin = Admin.create(c);
    }
    return admin;
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
