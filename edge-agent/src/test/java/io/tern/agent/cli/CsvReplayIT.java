package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.agent.batch.Reading;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** CSV replay through the agent command, in-process, against a real broker. */
class CsvReplayIT {
  private static final long T0 = Instant.parse("2024-03-01T12:00:00Z").toEpochMilli();

  @TempDir Path tmp;
  private EmbeddedBroker broker;
  private TelemetrySubscriber sub;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startBroker() throws Exception {
    broker = new EmbeddedBroker(tmp.resolve("broker")).start();
    sub = new TelemetrySubscriber(broker.uri(), "sub-csv");
  }

  @AfterEach
  void stopBroker() throws Exception {
    sub.close();
    broker.close();
  }

  private CommandLine command(AgentCommand command) {
    CommandLine cmd = new CommandLine(command);
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd;
  }

  @Test
  void replay_keepsTheFilesTimestampsAsEventTime_andExitsWhenDrained() throws Exception {
    Path csv = tmp.resolve("backfill.csv");
    Files.writeString(
        csv,
        """
        timestamp,temp,humidity
        2024-03-01T12:00:00Z,21.5,40
        2024-03-01 12:00:01.250,21.6,
        1709294402,,41.5
        1709294403500,22,42

        2024-03-01T12:00:05Z,warm,43
        2024-03-01T13:00:06+01:00,22.25,44
        """);

    int exit =
        command(new AgentCommand())
            .execute(
                "--device-id",
                "csv-1",
                "--broker",
                broker.uri(),
                "--data-dir",
                tmp.resolve("agent").toString(),
                "--source",
                "csv",
                "--csv",
                csv.toString(),
                "--exit-when-drained");

    assertThat(exit).as(err.toString()).isZero();
    List<Reading> expected =
        List.of(
            new Reading(1, "temp", 21.5, T0),
            new Reading(2, "humidity", 40, T0),
            new Reading(3, "temp", 21.6, T0 + 1_250),
            new Reading(4, "humidity", 41.5, T0 + 2_000),
            new Reading(5, "temp", 22, T0 + 3_500),
            new Reading(6, "humidity", 42, T0 + 3_500),
            new Reading(7, "temp", 22.25, T0 + 6_000),
            new Reading(8, "humidity", 44, T0 + 6_000));
    // Acknowledged by the broker before exit; the subscriber receives them asynchronously.
    await().atMost(Duration.ofSeconds(30)).until(() -> sub.readings.size() >= expected.size());
    List<Reading> received = new ArrayList<>();
    for (long seq = 1; seq <= expected.size(); seq++) {
      received.add(sub.readings.get(TelemetrySubscriber.key("csv-1", seq)));
    }
    assertThat(received).containsExactlyElementsOf(expected);
    assertThat(sub.readings).hasSize(expected.size());
    assertThat(out.toString())
        .contains(
            "csv: "
                + csv
                + ": 8 readings from 5 rows, 1 bad row skipped (line 7);"
                + " all acknowledged by the gateway (acked seq 8)")
        .contains("csv-1 seq=8 acked=8");
    assertThat(err.toString())
        .contains(
            "warning: "
                + csv
                + " line 7: value 'warm' in column 'temp' is not a number (row skipped)")
        .contains("csv: 1 bad row skipped (line 7)")
        .doesNotContain("not yet acknowledged");
  }

  @Test
  void replay_paced_withoutExitWhenDrained_runsUntilStopped() throws Exception {
    Path csv = tmp.resolve("paced.csv");
    Files.writeString(csv, "when,level\n1709294400,1\n1709294401,2\n1709294402,3\n");
    AgentCommand command = new AgentCommand();
    CommandLine cmd = command(command);

    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cmd.execute(
                    "--device-id", "csv-2",
                    "--broker", broker.uri(),
                    "--data-dir", tmp.resolve("agent2").toString(),
                    "--source", "csv",
                    "--csv", csv.toString(),
                    "--time-column", "when",
                    "--rate", "20"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(out.toString())
                    .contains("csv: " + csv + ": 3 readings from 3 rows; replay done"));
    await().atMost(Duration.ofSeconds(30)).until(() -> sub.readings.size() == 3);
    assertThat(exit).isNotDone();
    command.requestStop();

    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(sub.readings.get(TelemetrySubscriber.key("csv-2", 3)))
        .isEqualTo(new Reading(3, "level", 3, T0 + 2_000));
  }

  @Test
  void replay_unusableHeader_failsBeforeTheAgentStarts() throws Exception {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "time,a b,a_b\n1709294400,1,2\n");

    int exit =
        command(new AgentCommand())
            .execute(
                "--device-id", "csv-3",
                "--broker", broker.uri(),
                "--data-dir", tmp.resolve("agent3").toString(),
                "--source", "csv",
                "--csv", csv.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("error: " + csv + ": line 1: columns 'a b' and 'a_b' both map to metric 'a_b'");
    assertThat(tmp.resolve("agent3")).doesNotExist();
  }
}
