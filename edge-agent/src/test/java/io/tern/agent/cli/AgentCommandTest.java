package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument handling only (no agent is started by these cases). */
class AgentCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = AgentCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void help_documentsEveryOptionWithDefaults() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--device-id", "--broker", "tcp://localhost:1883", "--data-dir")
        .contains("--source", "host", "--interval", "1s");
  }

  @Test
  void unknownFlag_printsOneLineErrorWithHint() {
    assertThat(run("--device-id", "d1", "--bogus")).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("error: Unknown option: '--bogus'")
        .endsWith("(see --help)")
        .doesNotContain("\n");
  }

  @Test
  void missingDeviceId_isAnError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("error: Missing required option: '--device-id");
  }

  @Test
  void invalidDeviceId_isAnError() {
    assertThat(run("--device-id", "bad/id", "--source", "stdin")).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("error: invalid device id 'bad/id'")
        .endsWith("(see --help)");
  }

  @Test
  void invalidSourceAndInterval_areErrors() {
    assertThat(run("--device-id", "d1", "--source", "file")).isEqualTo(2);
    assertThat(err.toString()).contains("'file' is not a source");
    assertThat(run("--device-id", "d1", "--interval", "often")).isEqualTo(2);
    assertThat(err.toString()).contains("'often' is not a duration");
  }
}
