package io.tern.bench.rollup;

import io.tern.bench.rollup.StreamsSerdes.ReadingValue;
import io.tern.bench.rollup.WindowAggregate.SketchShape;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.RollupSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The peer of the rollup benchmark: the gateway's event-time rollups written as a Kafka Streams
 * topology, run by a {@link TopologyTestDriver} in this JVM (no broker, no network).
 *
 * <p>Input topic {@value #INPUT}: one record per reading, key {@code deviceId/metric} (so {@code
 * groupByKey()} needs no repartition), value {@link ReadingValue}, record timestamp = event time.
 * For each configured window size: {@code groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(size,
 * grace)).emitStrategy(onWindowClose()).aggregate(...)} into an in-memory window store, and every
 * final window is turned into the gateway's {@link Rollup} and handed to the sink. Late readings
 * (beyond the grace) are dropped by Kafka Streams, and it does no dedupe or anomaly detection.
 *
 * <p>Not thread-safe: the driver runs the topology on the calling thread.
 */
public final class StreamsRollup implements AutoCloseable {
  static final String INPUT = "readings";

  /**
   * A reading as a Kafka record, encoded up front (producing it is not the stream processor's
   * work).
   */
  public record EncodedReading(byte[] key, byte[] value, long timestampMs) {}

  private final TopologyTestDriver driver;
  private final TestInputTopic<byte[], byte[]> input;

  /**
   * @param settings window sizes, grace and quantiles (the rest is gateway-only)
   * @param stateDir where the driver may put state (the stores are in memory)
   * @param sink receives each final window as a rollup, on the calling thread
   */
  public StreamsRollup(RollupSettings settings, Path stateDir, Consumer<Rollup> sink) {
    this.driver = new TopologyTestDriver(topology(settings, sink), config(stateDir));
    this.input =
        driver.createInputTopic(INPUT, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A reading as the record this topology consumes. */
  public static EncodedReading encode(Reading reading) {
    byte[] key = (reading.deviceId() + "/" + reading.metric()).getBytes(StandardCharsets.UTF_8);
    return new EncodedReading(
        key,
        StreamsSerdes.encodeReading(reading.value(), reading.eventTimeMs()),
        reading.eventTimeMs());
  }

  /** Processes one record through the whole topology. */
  public void pipe(EncodedReading record) {
    input.pipeInput(record.key(), record.value(), record.timestampMs());
  }

  /** Records Kafka Streams dropped (e.g. too late for their window), from its own metrics. */
  public double droppedRecords() {
    double dropped = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
      if (e.getKey().name().equals("dropped-records-total")
          && e.getValue().metricValue() instanceof Double d) {
        dropped += d;
      }
    }
    return dropped;
  }

  @Override
  public void close() {
    driver.close();
  }

  static Topology topology(RollupSettings settings, Consumer<Rollup> sink) {
    SketchShape shape = WindowAggregate.SketchShape.of(settings.relativeAccuracy());
    List<Double> quantiles = settings.quantiles();
    Serde<WindowAggregate> aggregateSerde = StreamsSerdes.windowAggregate(shape);
    Serde<ReadingValue> readingSerde = StreamsSerdes.readingValue();
    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, ReadingValue> series =
        builder.stream(INPUT, Consumed.with(Serdes.String(), readingSerde))
            .groupByKey(Grouped.with(Serdes.String(), readingSerde));
    for (Duration size : settings.sizes()) {
      long sizeMs = size.toMillis();
      series
          .windowedBy(TimeWindows.ofSizeAndGrace(size, settings.grace()))
          .emitStrategy(EmitStrategy.onWindowClose())
          .aggregate(
              () -> new WindowAggregate(quantiles.isEmpty() ? null : shape.newSketch()),
              (key, reading, agg) -> agg.add(reading.value(), reading.eventTimeMs()),
              Materialized.<String, WindowAggregate, WindowStore<Bytes, byte[]>>as(
                      "rollup-" + sizeMs + "ms")
                  .withKeySerde(Serdes.String())
                  .withValueSerde(aggregateSerde))
          .toStream()
          .foreach(
              (window, agg) -> {
                String key = window.key();
                int slash = key.indexOf('/');
                sink.accept(
                    agg.toRollup(
                        key.substring(0, slash),
                        key.substring(slash + 1),
                        window.window().start(),
                        sizeMs,
                        quantiles));
              });
    }
    return builder.build();
  }

  private static Properties config(Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tern-rollup-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // In-memory stores, like the gateway's windows: no RocksDB, no disk.
    props.put(
        StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
        BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
    // The driver commits after every record; a record cache would only add a flush per record.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
    return props;
  }
}
