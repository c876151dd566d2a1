package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.AgentConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Credentials and TLS options (no file is read and no agent is started by these cases). */
class SecurityOptionsTest {
  private final StringWriter err = new StringWriter();

  private CommandLine commandLine() {
    CommandLine cmd = AgentCommand.commandLine();
    cmd.setOut(new PrintWriter(new StringWriter()));
    cmd.setErr(new PrintWriter(err));
    return cmd;
  }

  private AgentConfig resolved(Map<String, String> env, String... args) {
    CommandLine cmd = commandLine();
    cmd.parseArgs(args);
    AgentCommand command = cmd.getCommand();
    command.env = env;
    return command.resolvedConfig();
  }

  @Test
  void passwordOnTheCommandLine_isNotAnOption() {
    assertThat(commandLine().execute("--device-id", "d1", "--password", "secret")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown options: '--password'");
  }

  @Test
  void passwordFromTheEnvironment_needsAUserName() {
    AgentConfig config =
        resolved(Map.of("TERN_AGENT_PASSWORD", "s3cret"), "--device-id", "d1", "--username", "u");
    assertThat(config.security().username()).isEqualTo("u");
    assertThat(config.security().password()).isEqualTo("s3cret");
    assertThat(config.security().toString()).doesNotContain("s3cret");

    assertThat(
            commandLine()
                .execute("--device-id", "d1", "--source", "stdin", "--password-file", "/nope"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("error: a password (--password-file) needs --username");
  }

  @Test
  void tlsSchemes_andTheTlsFlag_selectSsl() {
    assertThat(resolved(Map.of(), "--device-id", "d1", "--broker", "mqtts://gw:8883"))
        .satisfies(c -> assertThat(c.brokerUri()).isEqualTo("ssl://gw:8883"))
        .satisfies(c -> assertThat(c.security().tls()).isTrue());
    assertThat(resolved(Map.of(), "--device-id", "d1", "--broker", "tcp://gw:8883", "--tls"))
        .satisfies(c -> assertThat(c.brokerUri()).isEqualTo("ssl://gw:8883"));
    assertThat(resolved(Map.of(), "--device-id", "d1", "--broker", "mqtt://gw:1883"))
        .satisfies(c -> assertThat(c.brokerUri()).isEqualTo("tcp://gw:1883"))
        .satisfies(c -> assertThat(c.security().tls()).isFalse());
  }

  @Test
  void tlsFilesWithoutTls_orCertWithoutKey_areErrors() {
    assertThat(commandLine().execute("--device-id", "d1", "--ca-file", "ca.pem")).isEqualTo(2);
    assertThat(err.toString())
        .contains("error: --ca-file needs TLS: add --tls or use an ssl:// (mqtts://) broker URI");
    assertThat(commandLine().execute("--device-id", "d1", "--tls", "--cert-file", "c.pem"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("a client certificate needs both --cert-file and --key-file");
  }

  @Test
  void help_listsTheSecurityOptions() {
    StringWriter out = new StringWriter();
    CommandLine cmd = AgentCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    assertThat(cmd.execute("--help")).isZero();
    assertThat(out.toString())
        .contains("--config", "--username", "--password-file", "--tls", "--ca-file")
        .contains("--cert-file", "--key-file", "TERN_AGENT_PASSWORD");
  }
}
