package io.tern.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimCommandTest {

  @Test
  void badScenario_printsOneLineErrorAndExitsNonZero(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "seed: 1\ndevices: []\nfoo: 1\n");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SimCommand());
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute("--scenario", file.toString(), "--data-dir", dir.resolve("d").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: "
                + file
                + ": foo: unknown key (expected one of seed, duration, devices, check, faults,"
                + " load)");
  }

  @Test
  void help_documentsScenarioAndLabels() {
    String usage = new CommandLine(new SimCommand()).getUsageMessage();
    assertThat(usage).contains("--scenario", "--labels", "--devices", "--duration");
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SimCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    cli.setParameterExceptionHandler(
        (ex, params) -> {
          ex.getCommandLine().getErr().println("error: " + ex.getMessage() + " (see --help)");
          return 2;
        });
    int exit = cli.execute(args);
    return new String[] {Integer.toString(exit), out.toString().strip()};
  }

  @Test
  void check_missingFile_isAOneLineErrorWithStatus2(@TempDir Path dir) {
    Path generated = dir.resolve("generated.jsonl");

    String[] result =
        run(
            "check",
            "--generated",
            generated.toString(),
            "--labels",
            dir.resolve("labels.jsonl").toString(),
            "--outputs",
            dir.resolve("out.ndjson").toString());

    assertThat(result[0]).isEqualTo("2");
    assertThat(result[1]).isEqualTo("error: " + generated + ": no such file");
  }

  @Test
  void check_badLine_namesFileAndLine(@TempDir Path dir) throws Exception {
    Path generated = dir.resolve("generated.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    Path outputs = dir.resolve("out.ndjson");
    Files.writeString(
        generated,
        "{\"deviceId\":\"d\",\"metric\":\"m\",\"bucketStartMs\":0,\"bucketMs\":1000,\"count\":3}\n");
    Files.writeString(labels, "");
    Files.writeString(outputs, "{\"type\":\"rollup\",\"deviceId\":\"d\"}\n");

    String[] result =
        run(
            "check",
            "--generated",
            generated.toString(),
            "--labels",
            labels.toString(),
            "--outputs",
            outputs.toString());

    assertThat(result[0]).isEqualTo("2");
    assertThat(result[1]).isEqualTo("error: " + outputs + ": line 1: missing text field 'metric'");
  }

  @Test
  void check_withoutOutputs_andCheckWithoutScenario_areOneLineErrors() {
    assertThat(run("check"))
        .containsExactly("2", "error: Missing required option: '--outputs=<outputs>' (see --help)");
    assertThat(run("--check")).containsExactly("2", "error: --check needs --scenario (see --help)");
  }

  @Test
  void checkHelp_documentsInputsAndExitStatus() {
    String usage =
        new CommandLine(new SimCommand()).getSubcommands().get("check").getUsageMessage();
    assertThat(usage)
        .contains("--generated", "--labels", "--outputs", "--scenario", "--window", "Exit status");
    assertThat(new CommandLine(new SimCommand()).getUsageMessage())
        .contains("--check", "--outputs", "--generated");
  }
}
