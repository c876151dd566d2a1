package io.tern.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.kafka.embedded.EmbeddedKafka;
import io.tern.proto.v1.Rollup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
      ScheduledExecutorService writer =
          Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "crash-it-writer"));
      CountDownLatch allWritten = new CountDownLatch(1);
      AtomicReference<Throwable> writerFailure = new AtomicReference<>();
      try {
        startWriting(writer, outputLog, allWritten, writerFailure);
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
        assertThat(allWritten.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(writerFailure.get()).isNull();
      } finally {
        writer.shutdownNow();
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
        Map<String, List<String>> delivered = idsPerDevice(reader.poll());
        assertThat(delivered).isEqualTo(expectedIdsPerDevice());
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

  /** Appends {@link #ROLLUPS} rollups round-robin over the devices, {@link #CHUNK} at a time. */
  private static void startWriting(
      ScheduledExecutorService writer,
      Path outputLog,
      CountDownLatch allWritten,
      AtomicReference<Throwable> failure) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<OutputLogWriter> log = new AtomicReference<>();
    writer.scheduleAtFixedRate(
        () -> {
          if (allWritten.getCount() == 0) {
            return;
          }
          try {
            if (log.get() == null) {
              log.set(new OutputLogWriter(outputLog)); // one appender, on this thread only
            }
            for (int c = 0; c < CHUNK && next.get() < ROLLUPS; c++) {
              int k = next.getAndIncrement();
              log.get().write(OutputLogWriter.rollup(device(k), "temp", window(k)));
            }
            if (next.get() >= ROLLUPS) {
              log.get().close();
              allWritten.countDown();
            }
          } catch (RuntimeException e) {
            failure.set(e);
            allWritten.countDown();
            throw e;
          }
        },
        0,
        CHUNK_EVERY_MS,
        TimeUnit.MILLISECONDS);
  }

  private static String device(int k) {
    return "dev-" + (k % DEVICES);
  }

  private static long window(int k) {
    return (k / DEVICES) * 60_000L;
  }

  private static Map<String, List<String>> expectedIdsPerDevice() {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (int k = 0; k < ROLLUPS; k++) {
      expected
          .computeIfAbsent(device(k), d -> new ArrayList<>())
          .add(OutputLogWriter.rollup(device(k), "temp", window(k)).getRollup().getId());
    }
    return expected;
  }

  /** Ids in the order the consumer saw them, per record key (= device). */
  private static Map<String, List<String>> idsPerDevice(
      List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String device = new String(r.key(), StandardCharsets.UTF_8);
      ids.computeIfAbsent(device, d -> new ArrayList<>()).add(Rollup.parseFrom(r.value()).getId());
    }
    return ids;
  }
}
