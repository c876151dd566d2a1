package io.tern.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.launcher.crash.AgentReplays;
import io.tern.launcher.crash.CrashDataSet;
import io.tern.launcher.crash.ExpectedRollup;
import io.tern.launcher.crash.GatewayProcess;
import io.tern.launcher.crash.OutputLogRollups;
import io.tern.launcher.crash.RollupComparison;
import io.tern.launcher.crash.WindowKey;
import io.tern.proto.v1.Rollup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance test of the gateway's crash promise (issue 4): real edge agents replay a known data
 * set (CSV files, event times 1 s apart from 2026-01-01) to a gateway running as its own OS
 * process; in one run the gateway is killed with {@code kill -9} several times at random moments
 * while readings flow and restarted on the same ports and data folder each time. Afterwards the
 * rollups in the gateway's output log (highest revision per window) must equal those computed here
 * from the data set, exactly (count, min, max, sum, last, mean), and no (rollup id, revision) may
 * have been emitted twice. The same check without kills is the control. The seed of the kill
 * moments is logged; rerun one with {@code -Dtern.crash.seed=<seed>}.
 */
class GatewayCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayCrashIT.class);

  private static final int DEVICES = 6;
  private static final List<String> METRICS = List.of("temp", "humidity", "pressure");
  private static final int ROWS = 3_000; // 50 min of event time per device
  private static final long DATA_SEED = 20_260_101L;
  private static final List<Duration> WINDOWS =
      List.of(Duration.ofSeconds(10), Duration.ofMinutes(1));
  // 9,000 readings per agent: the paced replay lasts ~36 s with kills (agents keep filling their
  // outboxes while the gateway is down, and send the backlog in bursts), ~9 s in the control run.
  private static final double READINGS_PER_SECOND_WITH_KILLS = 250;
  private static final double READINGS_PER_SECOND_CONTROL = 1_000;
  private static final int KILLS = 3;
  // Each gateway process is killed after 1,500..7,500 readings: at most 22,500 of the 54,000.
  private static final int MIN_READINGS_BEFORE_KILL = 1_500;
  private static final int EXTRA_READINGS_BEFORE_KILL = 6_000;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration LAST_WINDOWS_PATIENCE = Duration.ofSeconds(20);
  private static final List<String> GATEWAY_PROPERTIES =
      List.of("tern.gateway.rollup-idle-timeout=2s"); // last windows close soon after the end

  @TempDir Path dir;

  @Test
  void uninterruptedReplay_finalRollupsEqualTheExpectedOnes() throws Exception {
    RollupComparison result = replay(0, new Random(0), READINGS_PER_SECOND_CONTROL);
    assertThat(result.exact()).as(result.report(20)).isTrue();
  }

  @Test
  void killNineSeveralTimesDuringReplay_finalRollupsEqualTheExpectedOnes_noneEmittedTwice()
      throws Exception {
    long seed = Long.getLong("tern.crash.seed", System.nanoTime());
    LOG.info("Gateway crash test seed {} (rerun with -Dtern.crash.seed={})", seed, seed);
    RollupComparison result = replay(KILLS, new Random(seed), READINGS_PER_SECOND_WITH_KILLS);
    assertThat(result.exact()).as("seed %d: %s", seed, result.report(20)).isTrue();
  }

  /** Replays the data set, killing the gateway {@code kills} times; compares the output log. */
  private RollupComparison replay(int kills, Random random, double readingsPerSecond)
      throws Exception {
    CrashDataSet data = CrashDataSet.generate(DEVICES, METRICS, ROWS, DATA_SEED);
    Map<String, Path> csv = data.writeCsv(dir.resolve("csv"));
    Map<WindowKey, ExpectedRollup> expected = data.expectedRollups(WINDOWS);
    int mqttPort = GatewayProcess.freePort();
    int httpPort = GatewayProcess.freePort();
    Path dataDir = dir.resolve("gateway");
    Path logs = dir.resolve("logs");
    String[] args = {
      "--data-dir", dataDir.toString(), "--rollup-window", "10s,1m",
    };

    List<GatewayProcess> started = new ArrayList<>();
    GatewayProcess gateway =
        GatewayProcess.start(
            logs.resolve("gateway-1.log"), mqttPort, httpPort, GATEWAY_PROPERTIES, args);
    started.add(gateway);
    long processedByKilled = 0;
    AgentReplays agents = null;
    try {
      agents =
          AgentReplays.start(
              csv, "tcp://127.0.0.1:" + mqttPort, dir.resolve("agents"), logs, readingsPerSecond);
      for (int i = 1; i <= kills; i++) {
        // A seeded random moment, in readings rather than seconds so that a slow (re)start on a
        // busy machine cannot make the kill miss the flow: the kills together stop the gateway
        // well before all the data set went through.
        long threshold = MIN_READINGS_BEFORE_KILL + random.nextInt(EXTRA_READINGS_BEFORE_KILL);
        awaitReadingsProcessed(gateway, threshold);
        assertThat(agents.anyRunning())
            .as("the replay ended before kill %d: it would not hit readings in flight", i)
            .isTrue();
        long processed = gateway.readingsProcessed();
        int status = gateway.killNine();
        assertThat(status)
            .as("exit status of gateway %d after kill -9 (128 + 9)", i)
            .isEqualTo(137);
        processedByKilled += processed;
        LOG.info(
            "kill -9 #{} of pid {} after it processed at least {} readings (threshold {})",
            i,
            gateway.pid(),
            processed,
            threshold);
        gateway =
            GatewayProcess.start(
                logs.resolve("gateway-" + (i + 1) + ".log"),
                mqttPort,
                httpPort,
                GATEWAY_PROPERTIES,
                args);
        started.add(gateway);
      }

      AgentReplays running = agents;
      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !running.anyRunning());
      assertThat(agents.exitCodes())
          .as("agents' exit status (0 = every reading acknowledged):\n%s", agents.tails(5))
          .hasSize(DEVICES)
          .allSatisfy((device, code) -> assertThat(code).isZero());

      awaitLastWindows(dataDir.resolve("output"), expected.keySet());
      LOG.info(
          "All {} readings acknowledged to the agents; readings processed by the gateway"
              + " processes: at least {} by the killed ones, and the last one's status: {}",
          DEVICES * data.readingsPerDevice(),
          processedByKilled,
          gateway.status());
      assertThat(gateway.stop()).as("exit status after SIGTERM (143 = 128 + 15)").isIn(0, 143);
    } catch (Exception | AssertionError e) {
      LOG.error(
          "Gateway crash test failed; gateway log tail ({}):\n{}\n{}",
          gateway.logFile(),
          gateway.tail(60),
          agents == null ? "" : agents.tails(10));
      throw e;
    } finally {
      gateway.close();
      if (agents != null) {
        agents.close();
      }
    }

    List<Rollup> log = OutputLogRollups.read(dataDir.resolve("output"));
    RollupComparison result = RollupComparison.of(expected, log);
    LOG.info("Output log after {} kills: {}", kills, result.report(20));
    if (!result.exact()) {
      for (GatewayProcess process : started) {
        LOG.warn("Tail of {}:\n{}", process.logFile().getFileName(), process.tail(15));
      }
    }
    return result;
  }

  /** Until this gateway process has processed {@code readings} readings since it started. */
  private static void awaitReadingsProcessed(GatewayProcess gateway, long readings) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> gateway.readingsProcessed() >= readings);
  }

  /**
   * Until the last window of every series was emitted (by the idle timeout, after the agents
   * drained): then every earlier window was emitted too. A run that lost those windows does not
   * wait forever; the comparison then shows what is missing.
   */
  private static void awaitLastWindows(Path outputLog, Set<WindowKey> windows) {
    Map<String, WindowKey> last = new HashMap<>();
    for (WindowKey key : windows) {
      last.merge(
          key.deviceId() + "/" + key.metric() + "/" + key.windowMs(),
          key,
          (a, b) -> a.windowStartMs() >= b.windowStartMs() ? a : b);
    }
    try {
      await()
          .atMost(LAST_WINDOWS_PATIENCE)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> emittedWindows(outputLog).containsAll(last.values()));
    } catch (ConditionTimeoutException e) {
      LOG.warn("Not every series' last window was emitted within {}", LAST_WINDOWS_PATIENCE);
    }
  }

  private static Set<WindowKey> emittedWindows(Path outputLog) {
    return OutputLogRollups.read(outputLog).stream()
        .map(
            r ->
                new WindowKey(
                    r.getDeviceId(), r.getMetric(), r.getWindowMs(), r.getWindowStartMs()))
        .collect(Collectors.toSet());
  }
}
