package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.AgentConfig;
import io.tern.agent.cli.AgentCommand.Source;
import io.tern.agent.outbox.BufferPolicy;
import io.tern.agent.outbox.OutboxBudget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The --config YAML file: the shipped example, precedence of flags, and one-line errors. */
class ConfigFileIT {
  static final Path EXAMPLE = Path.of("src/packaging/etc/agent.yaml");
  private static final long GIB = 1L << 30;

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine commandLine() {
    CommandLine cmd = AgentCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd;
  }

  private AgentCommand parsed(String... args) {
    CommandLine cmd = commandLine();
    cmd.parseArgs(args);
    AgentCommand command = cmd.getCommand();
    command.env = Map.of();
    return command;
  }

  private Path yaml(String text) throws Exception {
    Path file = tmp.resolve("agent.yaml");
    Files.writeString(file, text);
    return file;
  }

  /** Runs the command with a config file that must be refused; returns the error output. */
  private String refused(String text, String... more) throws Exception {
    err.getBuffer().setLength(0);
    Path file = yaml(text);
    String[] args = new String[more.length + 2];
    args[0] = "--config";
    args[1] = file.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    assertThat(commandLine().execute(args)).as(err.toString()).isEqualTo(2);
    String message = err.toString().strip();
    assertThat(message).doesNotContain("\n").startsWith("error: " + file);
    return message;
  }

  @Test
  void shippedExample_loadsWithTheDocumentedDefaults() {
    AgentConfig config =
        parsed("--config", EXAMPLE.toString(), "--device-id", "dev-7").resolvedConfig();

    assertThat(config.deviceId()).isEqualTo("dev-7");
    assertThat(config.brokerUri()).isEqualTo("tcp://localhost:1883");
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/tern-agent/outbox"));
    assertThat(config.budget())
        .isEqualTo(new OutboxBudget(GIB, Duration.ofDays(7), BufferPolicy.DROP_OLDEST));
    assertThat(config.security().tls()).isFalse();
    assertThat(config.security().username()).isNull();
  }

  @Test
  void shippedExample_withoutDeviceId_isRefusedLikeTheServiceExpects() {
    assertThat(commandLine().execute("--config", EXAMPLE.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("error: invalid device id ''");
  }

  @Test
  void shippedExample_documentsEveryKey_andEachCommentedKeyIsValid() throws Exception {
    // Uncomment every commented-out setting ("#key: value"); prose comments have "# ".
    String all = Files.readString(EXAMPLE).replaceAll("(?m)^(\\s*)#([a-z])", "$1$2");
    Path file = yaml(all);
    Map<String, Object> leaves = ConfigFile.load(file, ConfigKeys.PATHS);
    assertThat(leaves.keySet()).containsExactlyInAnyOrderElementsOf(ConfigKeys.PATHS);

    AgentCommand command = parsed();
    Map<String, String> fromFile = ConfigKeys.apply(command, file, leaves, flag -> false);
    assertThat(fromFile).hasSize(ConfigKeys.KEYS.size());
    assertThat(command.broker().username).isEqualTo("device-7");
    assertThat(command.broker().tls).isTrue();
    assertThat(command.broker().keyFile).isEqualTo(Path.of("/etc/tern-agent/client.key"));
    assertThat(command.sources().rate).isEqualTo(100.0);
    assertThat(command.backlogShare).isEqualTo(0.5);
    assertThat(command.sources().influxPort).isEqualTo(8089);
    assertThat(command.sources().exitWhenDrained).isTrue();

    String readme = Files.readString(Path.of("README.md"));
    for (String key : ConfigKeys.PATHS) {
      assertThat(readme).as("README documents " + key).contains("| `" + key + "` |");
    }
  }

  @Test
  void flagsOverrideTheFile_andRelativePathsAreRelativeToIt() throws Exception {
    Path file =
        yaml(
            """
            device-id: from-file
            data-dir: state
            mqtt:
              broker: tcp://file-host:1884
            buffer:
              max-bytes: 64MiB
              policy: reject-new
            source:
              type: stdin
            """);
    AgentConfig config =
        parsed("--config", file.toString(), "--broker", "tcp://cli-host:1885").resolvedConfig();

    assertThat(config.deviceId()).isEqualTo("from-file");
    assertThat(config.brokerUri()).isEqualTo("tcp://cli-host:1885");
    assertThat(config.dataDir()).isEqualTo(tmp.toAbsolutePath().resolve("state"));
    assertThat(config.budget().maxBytes()).isEqualTo(64L << 20);
    assertThat(config.budget().policy()).isEqualTo(BufferPolicy.REJECT_NEW);
    AgentCommand command = parsed("--config", file.toString(), "--source", "host");
    command.resolvedConfig();
    assertThat(command.source).isEqualTo(Source.HOST);
  }

  @Test
  void badValue_namesTheFileAndKey() throws Exception {
    assertThat(refused("device-id: d1\nbuffer:\n  max-bytes: 12QB\n"))
        .contains("buffer.max-bytes: '12QB' is not a byte size");
  }

  @Test
  void unknownKey_isRefusedWithTheKnownOnes() throws Exception {
    assertThat(refused("device-id: d1\nbuffer:\n  max-byte: 1GiB\n"))
        .contains("buffer.max-byte: unknown key (known here: max-age, max-bytes, policy)");
    assertThat(refused("devise-id: d1\n")).contains("devise-id: unknown key");
  }

  @Test
  void wrongTypes_areRefused() throws Exception {
    assertThat(refused("mqtt: tcp://h:1883\n")).contains("mqtt: expected a section with keys");
    assertThat(refused("source:\n  influx:\n    port: 80a\n"))
        .contains("source.influx.port: '80a' is not a whole number");
    assertThat(refused("mqtt:\n  tls:\n    enabled: maybe\n"))
        .contains("mqtt.tls.enabled: 'maybe' is not true or false");
    assertThat(refused("buffer:\n  max-bytes: [1, 2]\n"))
        .contains("buffer.max-bytes: expected a single value");
    assertThat(refused("device-id:\n")).contains("device-id: no value");
  }

  @Test
  void yamlSyntaxAndDuplicates_giveTheLine() throws Exception {
    assertThat(refused("device-id: d1\nmqtt:\n  broker: [unclosed\n")).matches(".*line \\d+: .*");
    assertThat(refused("device-id: d1\ndevice-id: d2\n")).contains("line 2: found duplicate key");
  }

  @Test
  void sourceOptionsFromTheFile_mustFitTheSource() throws Exception {
    assertThat(refused("device-id: d1\nsource:\n  csv:\n    file: x.csv\n"))
        .contains("source.csv.file needs --source csv");
  }

  @Test
  void missingFile_isOneLine() {
    Path missing = tmp.resolve("nope.yaml");
    assertThat(commandLine().execute("--config", missing.toString())).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("error: " + missing + ": cannot read the config file")
        .doesNotContain("\n");
  }
}
