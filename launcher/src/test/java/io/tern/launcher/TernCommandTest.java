package io.tern.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class TernCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TernMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void help_listsEveryCommand() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString())
        .contains("demo", "gateway", "agent", "bridge", "sim", "alerts", "Start with: tern demo");
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "gateway", "agent", "bridge", "sim", "alerts"})
  void subcommandHelp_describesItAndItsOptions(String command) {
    assertThat(run(command, "--help")).isZero();

    assertThat(out.toString()).startsWith("Usage: tern " + command).contains("--help", "--");
    assertThat(err.toString()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "gateway", "agent", "bridge", "sim", "alerts"})
  void wrongFlag_givesOneLineErrorAndNonZeroExit(String command) {
    // The agent's required --device-id is given so that the wrong flag is what gets reported.
    int exit =
        command.equals("agent")
            ? run(command, "--device-id", "d1", "--no-such-flag")
            : run(command, "--no-such-flag");

    assertThat(exit).isNotZero();
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("error: Unknown option: '--no-such-flag'")
        .endsWith("(see 'tern " + command + " --help')");
  }

  @Test
  void missingRequiredOption_isOneLine() {
    assertThat(run("agent")).isNotZero();

    assertThat(err.toString().strip())
        .isEqualTo(
            "error: Missing required option: '--device-id' (or device-id in the --config file)"
                + " (see 'tern agent --help')");
  }

  @Test
  void noCommand_saysWhatToDo() {
    assertThat(run()).isNotZero();

    assertThat(err.toString().strip())
        .isEqualTo("error: a command is needed, e.g. 'tern demo' (see 'tern --help')");
  }

  @Test
  void unknownCommand_isOneLine() {
    assertThat(run("demoo")).isNotZero();

    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("error: Unmatched argument at index 0: 'demoo'");
  }
}
