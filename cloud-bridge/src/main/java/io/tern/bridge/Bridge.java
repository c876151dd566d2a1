package io.tern.bridge;

import io.tern.bridge.delivery.DeliveryLoop;
import io.tern.bridge.delivery.DeliverySettings;
import io.tern.bridge.delivery.DeliveryStats;
import io.tern.bridge.outputlog.ChronicleOutputLog;
import io.tern.bridge.outputlog.ConsumerLock;
import io.tern.bridge.sink.Sink;
import io.tern.bridge.sink.file.FileSink;
import io.tern.bridge.sink.kafka.KafkaSink;
import io.tern.bridge.sink.kafka.KafkaSinkConfig;
import io.tern.bridge.sink.mqtt.MqttSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud bridge: tails the gateway's output log and delivers rollups and alerts to the
 * configured sink: Kafka (exactly once with transactions, or at least once), an NDJSON file
 * (exactly once) or a remote MQTT broker (at least once). Runs on one named thread ({@value
 * #THREAD_NAME}); {@link #stats} and {@link #close} may be called from any thread.
 */
public final class Bridge implements AutoCloseable {

  static final String THREAD_NAME = "tern-bridge-delivery";
  private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final BridgeConfig config;
  private final DeliveryLoop loop;
  private final DeliveryStats stats;
  private final Thread thread;
  private final ConsumerLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Bridge(BridgeConfig config, DeliveryLoop loop, DeliveryStats stats, ConsumerLock lock) {
    this.config = config;
    this.loop = loop;
    this.stats = stats;
    this.lock = lock;
    this.thread = new Thread(loop, THREAD_NAME);
  }

  /**
   * Starts delivering in the background and returns at once; Kafka and the output log may both
   * appear later.
   *
   * @throws IllegalStateException if another bridge with the same {@link #consumerName} runs on
   *     this output log (in this process or another); the message names its lock file
   */
  public static Bridge start(BridgeConfig config) {
    String consumer = consumerName(config);
    ConsumerLock lock = ConsumerLock.acquire(config.outputLogDir(), consumer);
    Bridge bridge;
    try {
      DeliveryStats stats = new DeliveryStats();
      DeliveryLoop loop =
          new DeliveryLoop(
              new ChronicleOutputLog(config.outputLogDir(), consumer, InstantSource.system()),
              sink(config),
              stats,
              DeliverySettings.DEFAULTS);
      bridge = new Bridge(config, loop, stats, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    bridge.thread.start();
    LOG.info(
        "Bridge {} started: {} -> {} ({})",
        config.bridgeId(),
        config.outputLogDir().toAbsolutePath(),
        destination(config),
        config.sink().guarantee(config.delivery()));
    return bridge;
  }

  /** Where the bridge delivers, for logs and status lines, e.g. {@code Kafka localhost:9092}. */
  public static String destination(BridgeConfig config) {
    SinkSettings sink = config.sink();
    if (sink instanceof SinkSettings.File file) {
      return "file " + file.path().toAbsolutePath();
    }
    if (sink instanceof SinkSettings.Mqtt mqtt) {
      return "MQTT " + mqtt.config().serverUri() + " (" + mqtt.config().topicPrefix() + "/...)";
    }
    return "Kafka "
        + config.bootstrapServers()
        + " (topics "
        + config.rollupsTopic()
        + ", "
        + config.alertsTopic()
        + ", "
        + config.valueFormat()
        + ")";
  }

  /**
   * The name under which this bridge publishes its delivered position to the gateway's output-log
   * retention: {@code kafka-<bridgeId>}, {@code mqtt-<clientId>} or {@code file-<fileName>-<hash of
   * the absolute path>}.
   */
  public static String consumerName(BridgeConfig config) {
    SinkSettings sink = config.sink();
    if (sink instanceof SinkSettings.File file) {
      Path path = file.path().toAbsolutePath().normalize();
      return "file-" + path.getFileName() + "-" + Integer.toHexString(path.toString().hashCode());
    }
    if (sink instanceof SinkSettings.Mqtt mqtt) {
      return "mqtt-" + mqtt.config().clientId();
    }
    return "kafka-" + config.bridgeId();
  }

  private static Sink sink(BridgeConfig config) {
    SinkSettings sink = config.sink();
    if (sink instanceof SinkSettings.File file) {
      return new FileSink(file.path());
    }
    if (sink instanceof SinkSettings.Mqtt mqtt) {
      return new MqttSink(mqtt.config());
    }
    return new KafkaSink(kafkaSinkConfig(config));
  }

  private static KafkaSinkConfig kafkaSinkConfig(BridgeConfig config) {
    return new KafkaSinkConfig(
        config.bootstrapServers(),
        config.rollupsTopic(),
        config.alertsTopic(),
        config.topicPartitions(),
        config.topicReplicationFactor(),
        config.delivery(),
        config.bridgeId(),
        config.offsetsTopic(),
        config.kafkaProperties(),
        config.valueFormat());
  }

  public BridgeConfig config() {
    return config;
  }

  public BridgeStats stats() {
    return new BridgeStats(
        stats.rollupsDelivered(),
        stats.alertsDelivered(),
        stats.lag(),
        stats.decodeErrors(),
        stats.sinkUp(),
        stats.gapEntries());
  }

  /**
   * Why delivery stopped for good (e.g. another bridge with the same id took over), or empty while
   * it runs or after a normal {@link #close}.
   */
  public Optional<String> failure() {
    return Optional.ofNullable(stats.fatalError());
  }

  /** Whether the delivery thread still runs (false after {@link #close} or a fatal failure). */
  public boolean running() {
    return thread.isAlive();
  }

  /**
   * Stops after the batch in progress (undelivered entries stay in the log) and releases the
   * consumer lock. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    loop.stop();
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn(
          "Bridge delivery thread still busy after {}; leaving it to finish (keeping {})",
          CLOSE_TIMEOUT,
          lock.file());
    } else {
      lock.close();
      LOG.info(
          "Bridge stopped ({} -> {}): {}", config.outputLogDir(), destination(config), stats());
    }
  }
}
