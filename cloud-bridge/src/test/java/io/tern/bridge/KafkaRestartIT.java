package io.tern.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance test of exactly-once delivery through a Kafka outage: while rollups keep being
 * appended, the bridge process is killed with {@code kill -9}, then the broker is stopped for a
 * while (the bridge keeps running and retries) and restarted on the same data directory and port,
 * then the bridge is killed once more. The feed is held back between phases, so rollups are
 * appended in every phase (also during the outage) however slow the machine is. An independent
 * {@code read_committed} consumer must find every rollup exactly once, in order per device. Seed:
 * {@code -Dtern.crash.seed=<seed>}.
 */
class KafkaRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaRestartIT.class);
  private static final int DEVICES = 4;
  private static final int ROLLUPS = 2_400;
  private static final int CHUNK = 6;
  private static final long CHUNK_EVERY_MS = 40; // ~150 rollups/s: appending outlasts the outage
  private static final int APPENDED_DURING_OUTAGE = 300;
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String ROLLUPS_TOPIC = "restart.rollups";
  private static final String SINK_UP = "Sink reachable";

  @TempDir Path dir;

  @Test
  void brokerRestartAndKillNine_everyRollupExactlyOnceInOrderPerDevice() throws Exception {
    long seed = Long.getLong("tern.crash.seed", System.nanoTime());
    LOG.info("Kafka restart test seed {} (rerun with -Dtern.crash.seed={})", seed, seed);
    Random random = new Random(seed);
    Path outputLog = dir.resolve("output");
    Path kafkaDir = dir.resolve("kafka");
    Path logs = Path.of("target", "kafka-restart-it-logs", Long.toString(seed));

    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0);
    String bootstrap = kafka.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    String[] args = {
      "--output-log",
      outputLog.toString(),
      "--bootstrap-servers",
      bootstrap,
      "--rollups-topic",
      ROLLUPS_TOPIC,
      "--alerts-topic",
      "restart.alerts",
      "--bridge-id",
      "restart-it",
      "--delivery",
      "exactly-once"
    };
    try (RollupFeed feed =
        RollupFeed.start("restart-it", outputLog, DEVICES, ROLLUPS, CHUNK, CHUNK_EVERY_MS)
            .allowUpTo(ROLLUPS / 4)) {
      try (BridgeProcess first = BridgeProcess.start(logs.resolve("1.log"), args)) {
        awaitDelivering(first);
        assertThat(first.exitedWithin(300 + random.nextInt(1_500))).isFalse();
        first.killHard();
        LOG.info("kill -9 of the first bridge");
      }

      try (BridgeProcess second = BridgeProcess.start(logs.resolve("2.log"), args)) {
        awaitDelivering(second);
        await().atMost(PATIENCE).until(() -> second.timesLogged(SINK_UP) >= 1);
        feed.allowUpTo(ROLLUPS / 2);
        assertThat(second.exitedWithin(random.nextInt(1_000))).isFalse();

        kafka.close();
        int writtenAtStop = feed.written();
        LOG.info("Kafka stopped after {} rollups were appended", writtenAtStop);
        feed.allowUpTo(writtenAtStop + APPENDED_DURING_OUTAGE);
        await()
            .atMost(PATIENCE)
            .until(() -> feed.written() >= writtenAtStop + APPENDED_DURING_OUTAGE);
        await().atMost(PATIENCE).until(() -> second.logged("Sink unreachable"));
        assertThat(second.exitedWithin(0)).as("bridge survives the outage").isFalse();

        kafka = EmbeddedKafka.start(kafkaDir, port);
        feed.allowUpTo(ROLLUPS);
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
        LOG.info("Kafka restarted on {} after {} rollups", bootstrap, feed.written());
        await().atMost(PATIENCE).until(() -> second.timesLogged(SINK_UP) >= 2);
        assertThat(second.exitedWithin(random.nextInt(1_000))).isFalse();
        second.killHard();
        LOG.info("kill -9 of the second bridge, after the broker came back");
      }

      assertThat(feed.awaitAllWritten(PATIENCE.toSeconds()))
          .as("feed: %s", feed.failure())
          .isTrue();
      try (BridgeProcess last = BridgeProcess.start(logs.resolve("last.log"), args);
          KafkaTopicReader reader = new KafkaTopicReader(bootstrap, ROLLUPS_TOPIC)) {
        awaitDelivering(last);
        await()
            .atMost(PATIENCE)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> reader.poll().size() >= ROLLUPS);
        assertThat(last.stop()).as("exit status after SIGTERM (143 = 128 + 15)").isIn(0, 143);
      }
      try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, ROLLUPS_TOPIC)) {
        await().atMost(PATIENCE).until(() -> reader.poll().size() >= ROLLUPS);
        assertThat(RollupFeed.idsPerDevice(reader.poll())).isEqualTo(feed.expectedIdsPerDevice());
      }
    } finally {
      kafka.close();
    }
  }

  private static void awaitDelivering(BridgeProcess bridge) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> bridge.logged("ready for transactions"));
  }
}
