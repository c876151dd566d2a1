package io.tern.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.tern.gateway.config.LimitsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GatewayCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = GatewayMain.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @Test
  void unknownOption_printsOneLineErrorAndFails() {
    int exit = execute("--bogus");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("error: Unknown option: '--bogus' (see --help)" + System.lineSeparator());
  }

  @Test
  void badDuration_printsOneLineError() {
    int exit = execute("--rollup-window", "10");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("error: ")
        .contains("needs a unit")
        .endsWith("(see --help)" + System.lineSeparator());
  }

  @Test
  void help_documentsEveryOptionWithItsDefault() {
    int exit = execute("--help");

    assertThat(exit).isZero();
    // Spaces normalized: where picocli wraps depends on the longest option.
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--mqtt-port", "default: 1883")
        .contains("--mqtt-bind-address", "default: 127.0.0.1")
        .contains("--credentials", "default: DIR/credentials if it exists")
        .contains("--allow-anonymous", "default: refused")
        .contains("--http-port", "default: 8080")
        .contains("--data-dir", "default: .tern/gateway")
        .contains("--rollup-window", "default: 10s,1m,1h")
        .contains("Commands: devices");
  }

  @Test
  void onlyGivenOptions_becomeProperties() {
    GatewayCommand command = new GatewayCommand();
    new CommandLine(command).parseArgs("--mqtt-port", "0", "--rollup-window", "1m");

    assertThat(command.properties())
        .isEqualTo(Map.of("tern.gateway.mqtt-port", 0, "tern.gateway.rollup-window", "60000ms"));
  }

  @Test
  void securityOptions_becomeProperties() {
    GatewayCommand command = new GatewayCommand();
    new CommandLine(command)
        .parseArgs("--mqtt-bind-address", "0.0.0.0", "--credentials", "creds", "--allow-anonymous");

    assertThat(command.properties())
        .isEqualTo(
            Map.of(
                "tern.gateway.mqtt-bind-address", "0.0.0.0",
                "tern.gateway.credentials-file", "creds",
                "tern.gateway.allow-anonymous", true));
  }

  @Test
  void limitOptions_becomeProperties_andTheirHelpShowsTheConfiguredDefaults() {
    GatewayCommand command = new GatewayCommand();
    new CommandLine(command)
        .parseArgs("--publish-rate", "0", "--connect-rate", "50", "--max-connections", "100");

    assertThat(command.properties())
        .isEqualTo(
            Map.of(
                "tern.gateway.limits.publish-rate", 0,
                "tern.gateway.limits.connect-rate", 50,
                "tern.gateway.limits.max-connections", 100L));
    LimitsConfig defaults;
    try (ApplicationContext context = ApplicationContext.run()) {
      defaults = context.getBean(LimitsConfig.class);
    }
    assertThat(execute("--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("0 = no limit (default: " + defaults.publishRate() + ")")
        .contains("0 = no limit (default: " + defaults.connectRate() + ")")
        .contains("(default: " + defaults.maxConnections() + ")");
  }

  @Test
  void tlsOptions_becomeProperties() {
    GatewayCommand command = new GatewayCommand();
    new CommandLine(command)
        .parseArgs(
            "--tls-port",
            "8883",
            "--tls-cert",
            "server.pem",
            "--tls-key",
            "server-key.pem",
            "--tls-client-ca",
            "ca.pem",
            "--tls-client-auth",
            "Optional");

    assertThat(command.properties())
        .isEqualTo(
            Map.of(
                "tern.gateway.tls.port", "8883",
                "tern.gateway.tls.cert", "server.pem",
                "tern.gateway.tls.key", "server-key.pem",
                "tern.gateway.tls.client-ca", "ca.pem",
                "tern.gateway.tls.client-auth", "OPTIONAL"));
  }

  @Test
  void badClientAuthMode_printsOneLineError() {
    int exit = execute("--tls-client-auth", "sometimes");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("error: ")
        .contains("'sometimes' is not a client auth mode: use required or optional")
        .endsWith("(see --help)" + System.lineSeparator());
  }

  @Test
  void severalWindowSizes_becomeOneListProperty() {
    GatewayCommand command = new GatewayCommand();
    new CommandLine(command).parseArgs("--rollup-window", "10s,1m");

    assertThat(command.properties())
        .isEqualTo(Map.of("tern.gateway.rollup-window", "10000ms,60000ms"));
  }

  @Test
  void durations() {
    GatewayCommand.DurationConverter converter = new GatewayCommand.DurationConverter();
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("PT5S")).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> converter.convert("0s")).hasMessageContaining("positive");
    assertThatThrownBy(() -> converter.convert("xs")).hasMessageContaining("not a duration");
  }
}
