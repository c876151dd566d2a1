package io.tern.bridge;

import io.tern.bridge.delivery.DeliveryLoop;
import io.tern.bridge.delivery.DeliverySettings;
import io.tern.bridge.delivery.DeliveryStats;
import io.tern.bridge.outputlog.ChronicleOutputLog;
import io.tern.bridge.sink.kafka.KafkaSink;
import io.tern.bridge.sink.kafka.KafkaSinkConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud bridge: tails the gateway's output log and delivers rollups and alerts to Kafka,
 * exactly once (transactions) or at least once, as configured. Runs on one named thread ({@value
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
  private final AtomicBoolean closed = new AtomicBoolean();

  private Bridge(BridgeConfig config, DeliveryLoop loop, DeliveryStats stats) {
    this.config = config;
    this.loop = loop;
    this.stats = stats;
    this.thread = new Thread(loop, THREAD_NAME);
  }

  /**
   * Starts delivering in the background and returns at once; Kafka and the output log may both
   * appear later.
   */
  public static Bridge start(BridgeConfig config) {
    KafkaSinkConfig sinkConfig =
        new KafkaSinkConfig(
            config.bootstrapServers(),
            config.rollupsTopic(),
            config.alertsTopic(),
            config.topicPartitions(),
            config.topicReplicationFactor(),
            config.delivery(),
            config.bridgeId(),
            config.offsetsTopic(),
            config.kafkaProperties());
    DeliveryStats stats = new DeliveryStats();
    DeliveryLoop loop =
        new DeliveryLoop(
            new ChronicleOutputLog(config.outputLogDir()),
            new KafkaSink(sinkConfig),
            stats,
            DeliverySettings.DEFAULTS);
    Bridge bridge = new Bridge(config, loop, stats);
    bridge.thread.start();
    LOG.info(
        "Bridge {} started: {} -> Kafka {} (topics {}, {}; {})",
        config.bridgeId(),
        config.outputLogDir().toAbsolutePath(),
        config.bootstrapServers(),
        config.rollupsTopic(),
        config.alertsTopic(),
        config.delivery());
    return bridge;
  }

  public BridgeStats stats() {
    return new BridgeStats(
        stats.rollupsDelivered(),
        stats.alertsDelivered(),
        stats.lag(),
        stats.decodeErrors(),
        stats.sinkUp());
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

  /** Stops after the batch in progress (undelivered entries stay in the log). Idempotent. */
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
      LOG.warn("Bridge delivery thread still busy after {}; leaving it to finish", CLOSE_TIMEOUT);
    } else {
      LOG.info(
          "Bridge stopped ({} -> {}): {}",
          config.outputLogDir(),
          config.bootstrapServers(),
          stats());
    }
  }
}
