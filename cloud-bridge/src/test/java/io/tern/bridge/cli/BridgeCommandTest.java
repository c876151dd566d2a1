package io.tern.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bridge.BridgeConfig;
import io.tern.bridge.BridgeStats;
import io.tern.bridge.SinkSettings;
import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.bridge.sink.kafka.ValueFormat;
import io.tern.bridge.sink.mqtt.MqttSinkConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BridgeCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine commandLine() {
    CommandLine commandLine = BridgeMain.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine;
  }

  @Test
  void unknownFlag_printsOneLineErrorWithHintAndFails() {
    int exit = commandLine().execute("--nope");

    assertThat(exit).isNotZero();
    assertThat(err.toString().strip()).isEqualTo("error: Unknown option: '--nope' (see --help)");
  }

  @Test
  void invalidValue_printsOneLineErrorWithHintAndFails() {
    int exit = commandLine().execute("--topic-partitions", "0");

    assertThat(exit).isNotZero();
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: topic partitions and replication factor must be >= 1, were 0 and 1"
                + " (see --help)");
  }

  @Test
  void help_documentsEveryOptionWithItsDefault() {
    int exit = commandLine().execute("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("--output-log", "Default: .tern/gateway/output")
        .contains("--bootstrap-servers", "Default: localhost:9092")
        .contains("--rollups-topic", "Default: tern.rollups")
        .contains("--alerts-topic", "Default: tern.alerts")
        .contains("--topic-partitions", "Default: 3")
        .contains("--replication-factor", "Default: 1")
        .contains("--delivery", "Default: exactly-once")
        .contains("--bridge-id", "Default: tern-bridge")
        .contains("--offsets-topic", "Default: tern.bridge.offsets")
        .contains("--kafka-property")
        .contains("--sink", "Default: kafka")
        .contains("--value-format", "Default: protobuf")
        .contains("--file", "--mqtt-url", "--mqtt-ca-file", "--mqtt-client-cert")
        .contains("--mqtt-topic-prefix", "Default: tern/v1")
        .contains("--mqtt-max-in-flight", "Default: 10");
  }

  @Test
  void sinkOptions_becomeTheSinkSettings() {
    BridgeConfig file = BridgeCommand.parseConfig("--sink", "file", "--file", "/data/out.ndjson");
    assertThat(file.sink()).isEqualTo(new SinkSettings.File(Path.of("/data/out.ndjson")));
    assertThat(file.sink().guarantee(file.delivery())).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);

    BridgeConfig mqtt =
        BridgeCommand.parseConfig(
            "--sink",
            "mqtt",
            "--mqtt-url",
            "ssl://cloud:8883",
            "--bridge-id",
            "site-7",
            "--mqtt-username",
            "tern",
            "--mqtt-password",
            "secret",
            "--mqtt-ca-file",
            "/ca.pem");
    MqttSinkConfig m = ((SinkSettings.Mqtt) mqtt.sink()).config();
    assertThat(m.serverUri()).isEqualTo("ssl://cloud:8883");
    assertThat(m.clientId()).isEqualTo("site-7");
    assertThat(m.topicPrefix()).isEqualTo("tern/v1");
    assertThat(m.username()).contains("tern");
    assertThat(m.password()).contains("secret");
    assertThat(m.caFile()).contains(Path.of("/ca.pem"));
    assertThat(m.toString()).doesNotContain("secret");
    assertThat(mqtt.sink().guarantee(mqtt.delivery())).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);

    BridgeConfig json = BridgeCommand.parseConfig("--value-format", "json");
    assertThat(json.sink()).isEqualTo(new SinkSettings.Kafka());
    assertThat(json.valueFormat()).isEqualTo(ValueFormat.JSON);
  }

  @Test
  void sinkWithoutItsTarget_printsOneLineErrorWithHintAndFails() {
    int exit = commandLine().execute("--sink", "file");

    assertThat(exit).isNotZero();
    assertThat(err.toString().strip())
        .isEqualTo("error: --sink file needs --file PATH (see --help)");
  }

  @Test
  void unknownSinkOrFormat_printsOneLineErrorWithHintAndFails() {
    assertThat(commandLine().execute("--sink", "s3")).isNotZero();
    assertThat(commandLine().execute("--value-format", "avro")).isNotZero();

    assertThat(err.toString().strip().lines())
        .containsExactly(
            "error: unknown sink 's3', expected kafka, file or mqtt (see --help)",
            "error: unknown value format 'avro', expected protobuf or json (see --help)");
  }

  @Test
  void options_becomeTheBridgeConfig() {
    CommandLine commandLine = commandLine();
    commandLine.parseArgs(
        "--output-log",
        "/data/out",
        "--bootstrap-servers",
        "k1:9092,k2:9092",
        "--alerts-topic",
        "a");

    BridgeConfig config = ((BridgeCommand) commandLine.getCommand()).config();

    assertThat(config)
        .isEqualTo(
            new BridgeConfig(
                Path.of("/data/out"), "k1:9092,k2:9092", "tern.rollups", "a", 3, (short) 1));
  }

  @Test
  void deliveryOptions_becomeTheBridgeConfig() {
    CommandLine commandLine = commandLine();
    commandLine.parseArgs(
        "--delivery",
        "at-least-once",
        "--bridge-id",
        "site-7",
        "--offsets-topic",
        "o",
        "--kafka-property",
        "security.protocol=SSL",
        "--kafka-property",
        "ssl.truststore.location=/etc/tern/ts.p12");

    BridgeConfig config = ((BridgeCommand) commandLine.getCommand()).config();

    assertThat(config.delivery()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    assertThat(config.bridgeId()).isEqualTo("site-7");
    assertThat(config.offsetsTopic()).isEqualTo("o");
    assertThat(config.kafkaProperties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("security.protocol", "SSL", "ssl.truststore.location", "/etc/tern/ts.p12"));
  }

  @Test
  void defaults_areExactlyOnceWithTheStandardIdAndOffsetsTopic() {
    CommandLine commandLine = commandLine();
    commandLine.parseArgs();

    BridgeConfig config = ((BridgeCommand) commandLine.getCommand()).config();

    assertThat(config.delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(config.bridgeId()).isEqualTo("tern-bridge");
    assertThat(config.offsetsTopic()).isEqualTo("tern.bridge.offsets");
    assertThat(config.kafkaProperties()).isEmpty();
    assertThat(config.sink()).isEqualTo(new SinkSettings.Kafka());
    assertThat(config.valueFormat()).isEqualTo(ValueFormat.PROTOBUF);
  }

  @Test
  void unknownDeliveryMode_printsOneLineErrorWithHintAndFails() {
    int exit = commandLine().execute("--delivery", "twice");

    assertThat(exit).isNotZero();
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: unknown delivery guarantee 'twice', expected at-least-once or exactly-once"
                + " (see --help)");
  }

  @Test
  void statusLine_showsProgressAndKafkaState() {
    assertThat(BridgeCommand.statusLine(new BridgeStats(5, 2, 7, 1, false)))
        .isEqualTo("bridge: kafka DOWN | delivered 5 rollups, 2 alerts | lag 7 | decode errors 1");
    assertThat(BridgeCommand.statusLine("file", new BridgeStats(5, 2, 0, 0, true)))
        .isEqualTo("bridge: file up | delivered 5 rollups, 2 alerts | lag 0 | decode errors 0");
  }
}
