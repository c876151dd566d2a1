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
                + ": foo: unknown key (expected one of seed, duration, devices, check)");
  }

  @Test
  void help_documentsScenarioAndLabels() {
    String usage = new CommandLine(new SimCommand()).getUsageMessage();
    assertThat(usage).contains("--scenario", "--labels", "--devices", "--duration");
  }
}
