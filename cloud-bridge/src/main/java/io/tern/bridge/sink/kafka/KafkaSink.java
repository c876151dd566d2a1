package io.tern.bridge.sink.kafka;

import io.tern.bridge.output.Output;
import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.bridge.sink.Sink;
import io.tern.bridge.sink.SinkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outputs to Kafka ({@code acks=all}, idempotent producer); the topics are created on
 * first use if missing. Nothing connects before the first call, so Kafka may come up later; every
 * failure surfaces as a {@link SinkException}.
 *
 * <p><b>Exactly-once</b> (default): a transactional producer ({@code transactional.id =
 * <bridgeId>-tx}) sends each batch plus the batch's output-log position (to the offsets topic, key
 * = bridge id) in one transaction, committed in {@link #flush}. {@link #resumePosition} first calls
 * {@code initTransactions} (which fences an older bridge with the same id and ends any transaction
 * it left open), then reads the committed position back with {@code read_committed}. After any
 * failure the producer is discarded, so the next {@code resumePosition} starts clean. Being fenced
 * is fatal for this bridge. <b>At-least-once</b>: no transactions and no stored position.
 *
 * <p>Called by the delivery thread only.
 */
public final class KafkaSink implements Sink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaSinkConfig config;
  private final boolean exactlyOnce;
  private final OutputRecords records;
  private final TopicSetup topics;
  private final OffsetsTopic offsets;
  private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();
  private KafkaProducer<byte[], byte[]> producer;
  private boolean inTransaction;

  public KafkaSink(KafkaSinkConfig config) {
    this.config = config;
    this.exactlyOnce = config.guarantee() == DeliveryGuarantee.EXACTLY_ONCE;
    this.records = new OutputRecords(config);
    this.topics = new TopicSetup(config);
    this.offsets = new OffsetsTopic(config);
  }

  @Override
  public OptionalLong resumePosition() throws SinkException {
    topics.ensureExist();
    if (!exactlyOnce) {
      return OptionalLong.empty();
    }
    producer();
    try {
      OptionalLong position = offsets.read();
      LOG.debug("Committed position of bridge {}: {}", config.bridgeId(), position);
      return position;
    } catch (KafkaException e) {
      throw failure("read of the committed position from " + config.offsetsTopic(), e);
    }
  }

  @Override
  public void deliver(List<Output> batch, long lastPosition) throws SinkException {
    topics.ensureExist();
    KafkaProducer<byte[], byte[]> current = producer();
    try {
      if (exactlyOnce && !inTransaction) {
        current.beginTransaction();
        inTransaction = true;
      }
      for (Output output : batch) {
        send(current, records.toRecord(output));
      }
      if (exactlyOnce) {
        send(current, offsets.record(lastPosition));
      }
    } catch (KafkaException e) {
      throw failure("send", e);
    }
  }

  @Override
  public void flush() throws SinkException {
    try {
      if (producer != null && inTransaction) {
        producer.commitTransaction(); // flushes; fails if any send of the transaction failed
        inTransaction = false;
      } else if (producer != null) {
        producer.flush();
      }
      for (Future<RecordMetadata> sent : inFlight) {
        await(sent);
      }
    } catch (KafkaException e) {
      throw failure(exactlyOnce ? "transaction commit" : "flush", e);
    } finally {
      inFlight.clear();
    }
  }

  @Override
  public void close() {
    topics.close();
    if (producer != null) {
      producer.close(CLOSE_TIMEOUT); // an open transaction is aborted by the next bridge's init
      producer = null;
    }
  }

  private void send(KafkaProducer<byte[], byte[]> current, ProducerRecord<byte[], byte[]> record)
      throws SinkException {
    Future<RecordMetadata> sent = current.send(record);
    inFlight.add(sent);
    if (sent.isDone()) {
      await(sent); // fails fast (e.g. metadata timeout) instead of waiting once per output
    }
  }

  private void await(Future<RecordMetadata> sent) throws SinkException {
    try {
      sent.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inFlight.clear();
      discardProducer();
      throw new SinkException("interrupted while waiting for Kafka", true, e);
    } catch (ExecutionException e) {
      inFlight.clear();
      throw failure("delivery", e.getCause());
    }
  }

  private SinkException failure(String what, Throwable cause) {
    if (fenced(cause)) {
      discardProducer();
      String message =
          "Another bridge with id '"
              + config.bridgeId()
              + "' (transactional.id "
              + config.transactionalId()
              + ") took over delivery to "
              + config.bootstrapServers()
              + "; this bridge stops. Run one bridge per id.";
      LOG.error(message);
      return new SinkException(message, SinkException.Kind.FATAL, cause);
    }
    boolean retriable = cause instanceof RetriableException;
    if (exactlyOnce || !retriable) {
      LOG.debug("Discarding the Kafka producer after a failed {}", what);
      discardProducer();
    }
    return new SinkException(
        "Kafka " + what + " failed (" + config.bootstrapServers() + "): " + cause,
        retriable,
        cause);
  }

  private static boolean fenced(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException) {
        return true;
      }
    }
    return false;
  }

  private void discardProducer() {
    inTransaction = false;
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  private KafkaProducer<byte[], byte[]> producer() throws SinkException {
    if (producer != null) {
      return producer;
    }
    KafkaProducer<byte[], byte[]> created;
    try {
      created =
          new KafkaProducer<>(
              producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    } catch (KafkaException e) {
      throw new SinkException("Cannot create Kafka producer: " + e.getMessage(), false, e);
    }
    if (exactlyOnce) {
      try {
        created.initTransactions(); // fences older producers with our transactional.id
      } catch (KafkaException e) {
        created.close(Duration.ZERO);
        throw failure("transaction init", e);
      }
      LOG.info(
          "Kafka producer ready for transactions (transactional.id {})", config.transactionalId());
    }
    producer = created;
    return producer;
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> p = config.clientConfig("");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Bound how long one attempt may take while Kafka is away; the delivery loop retries.
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    if (exactlyOnce) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    } else {
      p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }
    return p;
  }
}
