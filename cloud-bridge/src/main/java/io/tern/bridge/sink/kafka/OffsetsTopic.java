package io.tern.bridge.sink.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The bridge's committed position in the compacted offsets topic: key = bridge id (UTF-8), value =
 * the output-log position (Chronicle index) of the last delivered entry, as decimal text. Written
 * inside each delivery transaction; read back with {@code read_committed}. Used by the delivery
 * thread only.
 */
final class OffsetsTopic {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final KafkaSinkConfig config;
  private final byte[] key;

  OffsetsTopic(KafkaSinkConfig config) {
    this.config = config;
    this.key = config.bridgeId().getBytes(StandardCharsets.UTF_8);
  }

  ProducerRecord<byte[], byte[]> record(long position) {
    return new ProducerRecord<>(
        config.offsetsTopic(), key, Long.toString(position).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The last committed position of this bridge, or empty if it never committed one. Reads the whole
   * topic up to its last stable offset (compaction keeps it small).
   *
   * @throws KafkaException if Kafka does not answer within 10 s or the value is malformed
   */
  OptionalLong read() {
    Map<String, Object> c = config.clientConfig("-offsets-reader");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(config.offsetsTopic(), TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      OptionalLong last = OptionalLong.empty();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() - deadline > 0) {
          throw new TimeoutException(
              "reading " + config.offsetsTopic() + " took longer than " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (Arrays.equals(key, r.key())) {
            last = r.value() == null ? OptionalLong.empty() : OptionalLong.of(parse(r));
          }
        }
      }
      return last;
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private long parse(ConsumerRecord<byte[], byte[]> r) {
    String text = new String(r.value(), StandardCharsets.UTF_8);
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new KafkaException(
          "Malformed position '"
              + text
              + "' for bridge "
              + config.bridgeId()
              + " in "
              + config.offsetsTopic()
              + " at offset "
              + r.offset(),
          e);
    }
  }
}
