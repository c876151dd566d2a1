package io.tern.bridge.sink.kafka;

import io.tern.bridge.output.Output;
import io.tern.bridge.sink.Sink;
import io.tern.bridge.sink.SinkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outputs to Kafka with an idempotent producer ({@code acks=all}); the rollups and alerts
 * topics are created on first use if missing. Nothing connects before the first {@link #deliver},
 * so Kafka may come up later; every failure surfaces as a {@link SinkException}.
 *
 * <p>Called by the delivery thread only. After a non-retriable producer error the producer is
 * discarded and a new one is made for the next batch.
 */
public final class KafkaSink implements Sink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaSinkConfig config;
  private final OutputRecords records;
  private final TopicSetup topics;
  private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();
  private KafkaProducer<byte[], byte[]> producer;

  public KafkaSink(KafkaSinkConfig config) {
    this.config = config;
    this.records = new OutputRecords(config);
    this.topics = new TopicSetup(config);
  }

  @Override
  public void deliver(List<Output> batch) throws SinkException {
    topics.ensureExist();
    KafkaProducer<byte[], byte[]> current = producer();
    for (Output output : batch) {
      Future<RecordMetadata> sent;
      try {
        sent = current.send(records.toRecord(output));
      } catch (KafkaException e) {
        throw failure("send of " + output.id(), e);
      }
      inFlight.add(sent);
      if (sent.isDone()) {
        await(sent); // fails fast (e.g. metadata timeout) instead of waiting once per output
      }
    }
  }

  @Override
  public void flush() throws SinkException {
    try {
      if (producer != null) {
        producer.flush();
      }
      for (Future<RecordMetadata> sent : inFlight) {
        await(sent);
      }
    } catch (KafkaException e) {
      throw failure("flush", e);
    } finally {
      inFlight.clear();
    }
  }

  @Override
  public void close() {
    topics.close();
    if (producer != null) {
      producer.close(CLOSE_TIMEOUT);
      producer = null;
    }
  }

  private void await(Future<RecordMetadata> sent) throws SinkException {
    try {
      sent.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inFlight.clear();
      throw new SinkException("interrupted while waiting for Kafka", true, e);
    } catch (ExecutionException e) {
      inFlight.clear();
      throw failure("delivery", e.getCause());
    }
  }

  private SinkException failure(String what, Throwable cause) {
    boolean retriable = cause instanceof RetriableException;
    if (!retriable && producer != null) {
      LOG.warn("Discarding the Kafka producer after a non-retriable error in {}", what);
      producer.close(Duration.ZERO);
      producer = null;
    }
    return new SinkException(
        "Kafka " + what + " failed (" + config.bootstrapServers() + "): " + cause,
        retriable,
        cause);
  }

  private KafkaProducer<byte[], byte[]> producer() throws SinkException {
    if (producer == null) {
      try {
        producer =
            new KafkaProducer<>(
                producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
      } catch (KafkaException e) {
        throw new SinkException("Cannot create Kafka producer: " + e.getMessage(), true, e);
      }
    }
    return producer;
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "tern-bridge");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Bound how long one attempt may take while Kafka is away; the delivery loop retries.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    return p;
  }
}
