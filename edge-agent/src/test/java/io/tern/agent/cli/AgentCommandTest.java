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

  @Test
  void help_documentsTheCsvAndInfluxSources() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("csv", "influx", "--csv", "--time-column", "--rate", "--exit-when-drained")
        .contains("--influx-port", "8089", "--influx-bind", "127.0.0.1", "--influx-precision");
  }

  @Test
  void csvSource_needsAnExistingFile() {
    assertThat(run("--device-id", "d1", "--source", "csv")).isEqualTo(2);
    assertThat(err.toString()).contains("error: --source csv needs --csv FILE (see --help)");
    assertThat(run("--device-id", "d1", "--source", "csv", "--csv", "/nonexistent/x.csv"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--csv /nonexistent/x.csv: no such file");
  }

  @Test
  void csvOptions_withAnotherSource_areErrors() {
    assertThat(run("--device-id", "d1", "--csv", "data.csv")).isEqualTo(2);
    assertThat(err.toString()).contains("--csv needs --source csv");
    assertThat(run("--device-id", "d1", "--source", "stdin", "--exit-when-drained")).isEqualTo(2);
    assertThat(err.toString()).contains("--exit-when-drained needs --source csv");
  }

  @Test
  void influxOptions_withAnotherSource_andBadValues_areErrors() {
    assertThat(run("--device-id", "d1", "--influx-port", "9000")).isEqualTo(2);
    assertThat(err.toString()).contains("--influx-port needs --source influx");
    assertThat(run("--device-id", "d1", "--source", "influx", "--influx-port", "70000"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--influx-port must be in 0..65535");
    assertThat(run("--device-id", "d1", "--source", "influx", "--influx-precision", "days"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("'days' is not a precision (expected ns, us, ms or s)");
  }

  @Test
  void rate_mustBePositive() {
    assertThat(run("--device-id", "d1", "--source", "csv", "--csv", "x.csv", "--rate", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--rate must be a positive number");
  }
}
