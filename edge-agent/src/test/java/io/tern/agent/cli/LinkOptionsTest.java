package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The agent command's link options: --ack-timeout, --status-interval and --backlog-share. */
class LinkOptionsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = AgentCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void help_documentsTheLinkOptionsWithDefaults() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--ack-timeout", "Default: 30s")
        .contains("--status-interval", "Default: 60s")
        .contains("--backlog-share", "Default: 0.5");
  }

  @Test
  void zeroAckTimeout_isAnError() {
    assertThat(run("--device-id", "d1", "--ack-timeout", "0s")).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("error: --ack-timeout must be positive (see --help)");
  }

  @Test
  void badStatusInterval_isAnError() {
    assertThat(run("--device-id", "d1", "--status-interval", "often")).isEqualTo(2);
    assertThat(err.toString())
        .contains("'often' is not a duration (examples: 500ms, 1s, 2m, 1h)")
        .contains("(see --help)");
  }

  @Test
  void backlogShareOutsideZeroToOne_isAnError() {
    assertThat(run("--device-id", "d1", "--backlog-share", "0")).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("error: --backlog-share must be in (0, 1], got 0.0 (see --help)");
  }
}
