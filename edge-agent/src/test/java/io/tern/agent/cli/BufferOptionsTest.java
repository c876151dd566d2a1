package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The disk-budget flags of {@code agent}. */
class BufferOptionsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = AgentCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void help_documentsTheBudgetFlagsWithDefaults() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--max-buffer-bytes", "1GiB", "--max-buffer-age", "7d")
        .contains("--buffer-policy", "drop-oldest", "reject-new");
  }

  @Test
  void badBudgetValues_areOneLineErrors() {
    assertThat(run("--device-id", "d1", "--buffer-policy", "drop-newest")).isEqualTo(2);
    assertThat(err.toString())
        .contains("expected drop-oldest or reject-new")
        .contains("see --help");
    assertThat(run("--device-id", "d1", "--max-buffer-bytes", "lots")).isEqualTo(2);
    assertThat(err.toString()).contains("'lots' is not a byte size");
    assertThat(run("--device-id", "d1", "--source", "stdin", "--max-buffer-bytes", "64KiB"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("at least 1048576");
    assertThat(run("--device-id", "d1", "--source", "stdin", "--max-buffer-age", "0s"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("max buffer age must be at least 1s");
  }
}
