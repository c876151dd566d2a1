package io.tern.agent.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.agent.batch.Reading;
import io.tern.agent.cli.AgentMain;
import io.tern.agent.testing.EmbeddedBroker;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's promise under crashes, with real processes: an agent replaying a CSV file of 200,000
 * readings as fast as it can is killed with {@code kill -9} at random moments, 20+ times, and
 * started again on the same data directory, until it exits 0 with everything acknowledged. The
 * broker (in this JVM) records every reading it receives before acknowledging it. Every seq must
 * have arrived, with the file's value and event time, in one stream; duplicates (what the gateway's
 * dedupe drops) are allowed and counted.
 *
 * <p>The kill moments come from a seeded Random; the seed is logged and can be replayed with {@code
 * -Dtern.crash.seed=N}.
 */
class AgentCrashIT {
  private static final Logger log = LoggerFactory.getLogger(AgentCrashIT.class);
  private static final int ROWS = 100_000;
  private static final int METRICS = 2;
  private static final int READINGS = ROWS * METRICS;
  private static final int KILLS = 22;
  private static final long MAX_KILL_DELAY_MS = 1_500;
  private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
  private static final int SIGKILL_EXIT = 128 + 9;

  @TempDir Path tmp;

  @Test
  void killedAtRandom_everySeqArrives_noneTwiceAfterDedupe() throws Exception {
    long seed = Long.getLong("tern.crash.seed", System.nanoTime());
    log.info("AgentCrashIT seed {} (replay with -Dtern.crash.seed={})", seed, seed);
    Random random = new Random(seed);
    Path csv = writeCsv(tmp.resolve("readings.csv"));
    Path dataDir = tmp.resolve("agent");
    ReadingRecorder recorder = new ReadingRecorder();
    List<String> runs = new ArrayList<>();
    int kills = 0;
    int killsMidStream = 0;

    try (EmbeddedBroker broker =
        new EmbeddedBroker(tmp.resolve("broker")).withPublishInterceptor(recorder).start()) {
      while (true) {
        Path output = tmp.resolve("run-" + runs.size() + ".log");
        Process agent = startAgent(broker.uri(), dataDir, csv, output);
        if (kills == KILLS) {
          boolean exited = agent.waitFor(120, TimeUnit.SECONDS);
          runs.add("final run: exit " + (exited ? agent.exitValue() : "none (still running)"));
          if (!exited) {
            agent.destroyForcibly().waitFor();
          }
          assertThat(exited ? agent.exitValue() : -1)
              .as("last run exits 0 once drained; its output:%n%s", Files.readString(output))
              .isZero();
          break;
        }
        String moment = killMoment(agent, recorder, random, KILLS - kills);
        if (!agent.isAlive()) {
          // Drained before its kill moment: the test needs more kills than that, so it fails.
          runs.add("run exited " + agent.waitFor() + " before its kill (" + moment + ")");
          break;
        }
        int before = recorder.readings.size();
        kill9(agent.pid());
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).as("exit code after kill -9").isEqualTo(SIGKILL_EXIT);
        kills++;
        if (before > 0 && before < READINGS) {
          killsMidStream++;
        }
        runs.add("killed " + moment + " with " + before + " distinct readings received");
      }
    }

    log.info(
        "AgentCrashIT seed {}: {} kills ({} while readings were arriving), {} batches, {}"
            + " duplicate readings; runs: {}",
        seed,
        kills,
        killsMidStream,
        recorder.batches.sum(),
        recorder.duplicates(),
        runs);
    assertThat(kills).as("kills; runs: %s", runs).isEqualTo(KILLS);
    assertThat(recorder.errors).isEmpty();
    assertThat(recorder.streamEpochs).as("stream epochs").hasSize(1);
    assertThat(recorder.readings.size()).as("distinct seqs received").isEqualTo(READINGS);
    for (long seq = 1; seq <= READINGS; seq++) {
      Reading reading = recorder.readings.get(seq);
      if (!expected(seq).equals(reading)) {
        assertThat(reading).as("seq %d (seed %d)", seq, seed).isEqualTo(expected(seq));
      }
    }
    assertThat(recorder.deliveries.values().stream().mapToLong(c -> c.get()).sum())
        .isEqualTo(READINGS + recorder.duplicates());
  }

  /**
   * Waits for a random kill moment and describes it: a third of the kills come at a random time in
   * the first {@value #MAX_KILL_DELAY_MS} ms of a run (start-up, outbox open, CSV appends), the
   * others once the broker has received a random number of new readings, spread so that readings
   * remain for the kills still to come.
   */
  private static String killMoment(
      Process agent, ReadingRecorder recorder, Random random, int killsLeft)
      throws InterruptedException {
    int received = recorder.readings.size();
    int span = Math.min((READINGS - received) * 2 / (killsLeft + 1), READINGS - received - 1);
    if (random.nextInt(3) == 0 || span < 1) {
      long delayMs = random.nextLong(MAX_KILL_DELAY_MS);
      agent.waitFor(delayMs, TimeUnit.MILLISECONDS);
      return "after " + delayMs + " ms";
    }
    int target = received + 1 + random.nextInt(span);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> recorder.readings.size() >= target || !agent.isAlive());
    return "at " + target + " readings received";
  }

  /** Row i (0-based) holds metric a = i and b = i / 4 at T0 + i seconds: seqs 2i+1 and 2i+2. */
  private static Reading expected(long seq) {
    long row = (seq - 1) / METRICS;
    long time = T0 + row * 1_000;
    return (seq - 1) % METRICS == 0
        ? new Reading(seq, "a", row, time)
        : new Reading(seq, "b", row / 4.0, time);
  }

  private static Path writeCsv(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("ts,a,b\n");
      for (long row = 0; row < ROWS; row++) {
        out.write((T0 + row * 1_000) + "," + row + "," + (row / 4.0) + "\n");
      }
    }
    return file;
  }

  private static Process startAgent(String brokerUri, Path dataDir, Path csv, Path output)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The Chronicle flags this test JVM got from Failsafe (chronicle.jvm.args in the parent POM).
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            AgentMain.class.getName(),
            "--device-id",
            "crash-1",
            "--broker",
            brokerUri,
            "--data-dir",
            dataDir.toString(),
            "--source",
            "csv",
            "--csv",
            csv.toString(),
            "--exit-when-drained"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static void kill9(long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -9 %d", pid).isZero();
  }
}
