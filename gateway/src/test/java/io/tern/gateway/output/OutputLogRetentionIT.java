package io.tern.gateway.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.bridge.SinkSettings;
import io.tern.gateway.core.model.Rollup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention of a real output log (hourly Chronicle cycles, the hours driven by a fake clock) with a
 * real cloud bridge delivering to an NDJSON file: delivered cycles are deleted; with the bridge
 * stopped and a tiny budget the oldest cycles are deleted undelivered and counted, and the
 * restarted bridge reports the gap and delivers the rest exactly once.
 */
class OutputLogRetentionIT {

  private static final int PER_CYCLE = 10;
  private static final RetentionBudget ROOMY = new RetentionBudget(1L << 30, Duration.ofDays(7));

  @TempDir Path dir;
  private SetTimeProvider time;
  private OutputLog log;
  private Path sinkFile;
  private BridgeConfig bridgeConfig;
  private int written;

  @BeforeEach
  void openLog() {
    time =
        new SetTimeProvider(
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(12, ChronoUnit.HOURS));
    log = new OutputLog(dir.resolve("gateway/output"), time);
    sinkFile = dir.resolve("out/rollups.ndjson");
    bridgeConfig =
        BridgeConfig.defaults(log.dir(), "unused:9092").withSink(new SinkSettings.File(sinkFile));
  }

  @AfterEach
  void closeLog() {
    log.close();
  }

  @Test
  void deliveredCyclesDeleted_thenOverBudgetUndeliveredCountedAndBridgeReportsGap()
      throws Exception {
    writeCycles(3);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OutputLogRetention retention = new OutputLogRetention(log, ROOMY, registry, clock());
    String consumer = Bridge.consumerName(bridgeConfig);

    try (Bridge bridge = Bridge.start(bridgeConfig)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> deliveredIds().size() == 3 * PER_CYCLE);
      long last = log.cycles().get(2).lastIndex();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> ConsumerPositions.read(log.dir()).get(consumer), p -> p != null && p == last);

      RetentionDecision decision = retention.check();

      assertThat(decision.delete()).extracting(LogCycle::entries).containsExactly(10L, 10L);
      assertThat(decision.undelivered()).isZero();
      assertThat(log.cycles()).hasSize(1);
      assertThat(retention.status().consumerLag()).containsEntry(consumer, 0L);
      assertThat(bridge.stats().gapEntries()).isZero();
    }

    // Bridge stopped: three more hours of outputs, then a budget of one byte.
    writeCycles(3);
    SimpleMeterRegistry tinyRegistry = new SimpleMeterRegistry();
    OutputLogRetention tiny =
        new OutputLogRetention(
            log, new RetentionBudget(1, Duration.ofDays(7)), tinyRegistry, clock());

    RetentionDecision evicted = tiny.check();

    // hour 2 (delivered) and hours 3, 4 (not delivered) go; the newest (hour 5) stays
    assertThat(evicted.delete()).hasSize(3);
    assertThat(evicted.undelivered()).isEqualTo(2 * PER_CYCLE);
    assertThat(evicted.firstUndelivered()).isEqualTo(evicted.delete().get(1).firstIndex());
    assertThat(evicted.lastUndelivered()).isEqualTo(evicted.delete().get(2).lastIndex());
    assertThat(tinyRegistry.get("tern.gateway.output_log.evicted_undelivered").counter().count())
        .isEqualTo(2.0 * PER_CYCLE);
    assertThat(tiny.status().evictedUndelivered()).isEqualTo(2L * PER_CYCLE);
    assertThat(
            tinyRegistry
                .get("tern.gateway.output_log.consumer_lag")
                .tag("consumer", consumer)
                .gauge()
                .value())
        .isEqualTo(PER_CYCLE);

    try (Bridge restarted = Bridge.start(bridgeConfig)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> deliveredIds().size() == 4 * PER_CYCLE);
      await().atMost(Duration.ofSeconds(10)).until(() -> restarted.stats().lag() == 0);
      assertThat(restarted.stats().gapEntries()).isEqualTo(2L * PER_CYCLE);
      assertThat(restarted.stats().rollupsDelivered()).isEqualTo(PER_CYCLE);
    }
    List<String> ids = deliveredIds();
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids.subList(3 * PER_CYCLE, ids.size()))
        .allMatch(id -> id.contains("/" + windowStartOfCycle(5) + "/"));
  }

  /** Appends {@link #PER_CYCLE} rollups in each of {@code cycles} hours, advancing the clock. */
  private void writeCycles(int cycles) {
    for (int c = 0; c < cycles; c++) {
      int cycle = written / PER_CYCLE;
      for (int i = 0; i < PER_CYCLE; i++) {
        log.append(
            new Rollup(
                "dev-" + i,
                "temp",
                windowStartOfCycle(cycle),
                10_000,
                1,
                1,
                1,
                1,
                1,
                1,
                List.of(),
                0),
            new OutputLog.Source(written, 1));
        written++;
      }
      time.advanceMillis(Duration.ofHours(1).toMillis());
    }
  }

  private static long windowStartOfCycle(int cycle) {
    return 1_000_000L * (cycle + 1);
  }

  private InstantSource clock() {
    return () -> Instant.ofEpochMilli(time.currentTimeMillis());
  }

  private List<String> deliveredIds() throws IOException {
    Path position = sinkFile.resolveSibling(sinkFile.getFileName() + ".position");
    if (!Files.exists(position)) {
      return List.of();
    }
    long committed = Long.parseLong(Files.readString(position).strip().split(" ")[0]);
    byte[] data = Arrays.copyOf(Files.readAllBytes(sinkFile), (int) committed);
    return new String(data, StandardCharsets.UTF_8)
        .lines()
        .filter(line -> !line.isEmpty())
        .map(line -> line.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1"))
        .toList();
  }
}
