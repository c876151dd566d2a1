package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.batch.Reading;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The agent command fed from stdin, against a real broker. */
class AgentCommandIT {
  @TempDir Path tmp;

  @Test
  void stdinSource_recordsGoodLines_warnsAboutBadOnesWithLineNumbers() throws Exception {
    try (EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker")).start();
        TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-cli")) {
      AgentCommand command = new AgentCommand();
      command.stdin =
          new ByteArrayInputStream(
              "# a comment\ntemp 21.5 1700000000000\ntemp oops\nhum 0.4 1700000000100\n"
                  .getBytes(StandardCharsets.UTF_8));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cmd = new CommandLine(command);
      cmd.setOut(new PrintWriter(out));
      cmd.setErr(new PrintWriter(err));

      int exit =
          cmd.execute(
              "--device-id",
              "cli-1",
              "--broker",
              broker.uri(),
              "--source",
              "stdin",
              "--data-dir",
              tmp.resolve("agent").toString());

      assertThat(exit).isZero();
      assertThat(err.toString())
          .contains("warning: line 3: value 'oops' is not a number (skipped)")
          .contains("stdin: 2 readings recorded, 1 invalid lines skipped");
      // close() flushed before returning: both readings were acknowledged.
      assertThat(out.toString()).contains("cli-1 seq=2 acked=2");
      assertThat(sub.readings.get(TelemetrySubscriber.key("cli-1", 1)))
          .isEqualTo(new Reading(1, "temp", 21.5, 1_700_000_000_000L));
      assertThat(sub.readings.get(TelemetrySubscriber.key("cli-1", 2)))
          .isEqualTo(new Reading(2, "hum", 0.4, 1_700_000_000_100L));
    }
  }
}
