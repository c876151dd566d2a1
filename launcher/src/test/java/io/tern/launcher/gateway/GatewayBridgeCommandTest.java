package io.tern.launcher.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.bridge.BridgeConfig;
import io.tern.bridge.SinkSettings;
import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.launcher.TernMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class GatewayBridgeCommandTest {

  private static final Path OUTPUT_LOG = Path.of("/data/gateway/output");

  private static GatewayBridgeCommand parse(String... args) {
    GatewayBridgeCommand command = new GatewayBridgeCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void noBridgeOption_runsTheGatewayAlone() {
    GatewayBridgeCommand command = parse("--mqtt-port", "0", "--data-dir", "/data/gateway");

    assertThat(command.bridgeWanted()).isFalse();
    assertThat(command.gateway.properties())
        .containsEntry("tern.gateway.mqtt-port", 0)
        .containsEntry("tern.gateway.data-dir", "/data/gateway");
  }

  @Test
  void fileSink_runsTheBridgeOnTheGatewaysOutputLog() {
    GatewayBridgeCommand command = parse("--sink", "file", "--file", "/data/out.ndjson");

    assertThat(command.bridgeWanted()).isTrue();
    BridgeConfig config = command.bridgeConfig(OUTPUT_LOG);
    assertThat(config.outputLogDir()).isEqualTo(OUTPUT_LOG);
    assertThat(config.sink()).isEqualTo(new SinkSettings.File(Path.of("/data/out.ndjson")));
  }

  @Test
  void anyKafkaOption_runsTheBridgeToKafkaWithTheBridgesDefaults() {
    GatewayBridgeCommand command = parse("--bootstrap-servers", "kafka-1:9092");

    assertThat(command.bridgeWanted()).isTrue();
    BridgeConfig config = command.bridgeConfig(OUTPUT_LOG);
    assertThat(config.sink()).isEqualTo(new SinkSettings.Kafka());
    assertThat(config.bootstrapServers()).isEqualTo("kafka-1:9092");
    assertThat(config.rollupsTopic()).isEqualTo(BridgeConfig.DEFAULT_ROLLUPS_TOPIC);
    assertThat(config.delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(config.bridgeId()).isEqualTo(BridgeConfig.DEFAULT_BRIDGE_ID);
  }

  @Test
  void mqttSink_takesTheMqttOptions() {
    GatewayBridgeCommand command =
        parse("--sink", "mqtt", "--mqtt-url", "ssl://cloud:8883", "--mqtt-ca-file", "/ca.pem");

    SinkSettings.Mqtt mqtt = (SinkSettings.Mqtt) command.bridgeConfig(OUTPUT_LOG).sink();
    assertThat(mqtt.config().serverUri()).isEqualTo("ssl://cloud:8883");
    assertThat(mqtt.config().caFile()).contains(Path.of("/ca.pem"));
    assertThat(mqtt.config().topicPrefix()).isEqualTo("tern/v1");
  }

  @Test
  void contradictionsAndMissingSinkOptions_areParameterErrors() {
    assertThatThrownBy(() -> parse("--no-bridge", "--sink", "kafka").bridgeWanted())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--no-bridge contradicts the bridge options given");
    assertThatThrownBy(() -> parse("--mqtt-url", "tcp://x:1883").bridgeWanted())
        .isInstanceOf(ParameterException.class)
        .hasMessage("the --mqtt-url/--mqtt-* options of the bridge need --sink mqtt");
    assertThatThrownBy(() -> parse("--sink", "mqtt").bridgeConfig(OUTPUT_LOG))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--sink mqtt needs --mqtt-url URL");
    assertThatThrownBy(() -> parse("--sink", "file").bridgeConfig(OUTPUT_LOG))
        .hasMessage("--sink file needs --file PATH");
  }

  @Test
  void wrongBridgeOption_failsBeforeTheGatewayStarts_withOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cli = TernMain.commandLine();
    cli.setErr(new PrintWriter(err, true));

    // a gateway started first would fail on its own invalid sensitivity instead
    int exit = cli.execute("gateway", "--alert-sensitivity", "-1", "--sink", "carrier-pigeon");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: unknown sink 'carrier-pigeon', expected kafka, file or mqtt"
                + " (see 'tern gateway --help')");
  }

  @Test
  void help_showsGatewayAndBridgeOptionsInTheirOwnSections() {
    StringWriter out = new StringWriter();
    CommandLine cli = TernMain.commandLine();
    cli.setOut(new PrintWriter(out, true));

    assertThat(cli.execute("gateway", "--help")).isZero();

    String help = out.toString();
    assertThat(help)
        .contains("--mqtt-port", "--data-dir", "--rollup-window", "--alert-rule", "--no-bridge")
        .contains("Cloud bridge in this process")
        .contains("--sink", "Default: kafka", "--bootstrap-servers", "--delivery", "--file")
        .contains("Remote MQTT broker of the bridge", "--mqtt-url", "--mqtt-ca-file");
    assertThat(help.indexOf("--sink=SINK  ")).isGreaterThan(help.indexOf("Cloud bridge in"));
    assertThat(help.indexOf("--mqtt-url=URL  "))
        .isGreaterThan(help.indexOf("Remote MQTT broker of the bridge"));
  }
}
