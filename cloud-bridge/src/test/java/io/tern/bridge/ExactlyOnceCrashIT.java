package io.tern.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance test of exactly-once delivery: the bridge runs as its own OS process and is killed
 * with {@code kill -9} several times at random moments while the gateway (a writer thread here)
 * keeps appending rollups; afterwards an independent {@code read_committed} consumer must find
 * every rollup exactly once, in order per device. The seed of the random kill moments is logged;
 * rerun one with {@code -Dtern.crash.seed=<seed>}.
 */
class ExactlyOnceCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceCrashIT.class);
  private static final int DEVICES = 4;
  private static final int ROLLUPS = 3_000;
  private static final int CHUNK = 6;
  private static final long CHUNK_EVERY_MS = 40; // ~150 rollups/s: appending outlasts the kills
  private static final int KILLS = 5;
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String ROLLUPS_TOPIC = "crash.rollups";

  @TempDir Path dir;

  @Test
  void killNineRepeatedlyWhileAppending_everyRollupExactlyOnceInOrderPerDevice() throws Exception {
    long seed = Long.getLong("tern.crash.seed", System.nanoTime());
    LOG.info("Crash test seed {} (rerun with -Dtern.crash.seed={})", seed, seed);
    Random random = new Random(seed);
    Path outputLog = dir.resolve("output");
    Path logs = Path.of("target", "crash-it-logs", Long.toString(seed));

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      String[] args = {
        "--output-log",
        outputLog.toString(),
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--rollups-topic",
        ROLLUPS_TOPIC,
        "--alerts-topic",
        "crash.alerts",
        "--bridge-id",
        "crash-it",
        "--delivery",
        "exactly-once"
      };
      RollupFeed feed =
          RollupFeed.start("crash-it", outputLog, DEVICES, ROLLUPS, CHUNK, CHUNK_EVERY_MS);
      try (feed) {
        for (int i = 1; i <= KILLS; i++) {
          try (BridgeProcess bridge = BridgeProcess.start(logs.resolve(i + ".log"), args)) {
            awaitDelivering(bridge);
            long lifetimeMs = random.nextInt(2_500);
            assertThat(bridge.exitedWithin(lifetimeMs))
                .as("bridge %d ended by itself, see %s", i, bridge.logFile().toAbsolutePath())
                .isFalse();
            bridge.killHard();
            LOG.info("kill -9 #{} {} ms after it was ready", i, lifetimeMs);
          }
        }
        assertThat(feed.awaitAllWritten(PATIENCE.toSeconds()))
            .as("writer failure: %s", feed.failure())
            .isTrue();
      }

      try (BridgeProcess last = BridgeProcess.start(logs.resolve("last.log"), args)) {
        awaitDelivering(last);
        try (KafkaTopicReader reader =
            new KafkaTopicReader(kafka.bootstrapServers(), ROLLUPS_TOPIC)) {
          await()
              .atMost(PATIENCE)
              .pollInterval(Duration.ofMillis(100))
              .until(() -> reader.poll().size() >= ROLLUPS);
        }
        assertThat(last.stop()).as("exit status after SIGTERM (143 = 128 + 15)").isIn(0, 143);
        assertThat(last.logged("Bridge stopped")).as("clean shutdown logged").isTrue();
      }
      try (KafkaTopicReader reader =
          new KafkaTopicReader(kafka.bootstrapServers(), ROLLUPS_TOPIC)) {
        await().atMost(PATIENCE).until(() -> reader.poll().size() >= ROLLUPS);
        Map<String, List<String>> delivered = RollupFeed.idsPerDevice(reader.poll());
        assertThat(delivered).isEqualTo(feed.expectedIdsPerDevice());
      }
    }
  }

  /** Until the bridge has made its topics and its transactional producer: delivery is under way. */
  private static void awaitDelivering(BridgeProcess bridge) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> bridge.logged("ready for transactions"));
  }
}
