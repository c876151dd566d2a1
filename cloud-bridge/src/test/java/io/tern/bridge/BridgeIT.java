package io.tern.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.bridge.cli.BridgeCommand;
import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.bridge.sink.kafka.ValueFormat;
import io.tern.kafka.embedded.EmbeddedKafka;
import io.tern.proto.v1.Alert;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.Rollup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path kafkaDir;
  private static EmbeddedKafka kafka;

  @TempDir Path outputLog;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(kafkaDir, 0);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void deliversRollupsAndAlertsKeyedByDeviceWithSchemaHeaders() throws Exception {
    BridgeConfig config = config("t1");
    List<GatewayOutput> written = writeOutputs(outputLog, "dev-a", 5, 0);
    written.addAll(writeOutputs(outputLog, "dev-b", 5, 0));

    try (Bridge bridge = Bridge.start(config)) {
      await().atMost(PATIENCE).until(() -> bridge.stats().rollupsDelivered() == 10);
      await().atMost(PATIENCE).until(() -> bridge.stats().alertsDelivered() == 10);
      assertThat(bridge.stats().lag()).isZero();
      assertThat(bridge.stats().kafkaUp()).isTrue();
    }

    List<ConsumerRecord<byte[], byte[]>> rollups = readExactly(config.rollupsTopic(), 10);
    List<ConsumerRecord<byte[], byte[]>> alerts = readExactly(config.alertsTopic(), 10);

    assertThat(rollupIds(rollups)).isEqualTo(idsOf(written, GatewayOutput.OutputCase.ROLLUP));
    assertThat(alertIds(alerts)).isEqualTo(idsOf(written, GatewayOutput.OutputCase.ALERT));
    for (ConsumerRecord<byte[], byte[]> r : rollups) {
      Rollup rollup = Rollup.parseFrom(r.value());
      assertThat(key(r)).isEqualTo(rollup.getDeviceId());
      assertThat(header(r, "content-type")).isEqualTo("application/x-protobuf");
      assertThat(header(r, "tern.schema")).isEqualTo("tern.v1.Rollup");
    }
    for (ConsumerRecord<byte[], byte[]> r : alerts) {
      assertThat(key(r)).isEqualTo(Alert.parseFrom(r.value()).getDeviceId());
      assertThat(header(r, "tern.schema")).isEqualTo("tern.v1.Alert");
    }
    assertThat(partitions(config.rollupsTopic())).isEqualTo(3);
  }

  @Test
  void jsonValueFormatWritesTheGatewaysJsonWithSchemaAndContentTypeHeaders() throws Exception {
    BridgeConfig config = config("t6").withValueFormat(ValueFormat.JSON);
    writeOutputs(outputLog, "dev-j", 2, 0);
    try (Bridge bridge = Bridge.start(config)) {
      await().atMost(PATIENCE).until(() -> bridge.stats().alertsDelivered() == 2);
    }
    ObjectMapper json = new ObjectMapper();
    List<ConsumerRecord<byte[], byte[]>> rollups = readExactly(config.rollupsTopic(), 2);
    for (ConsumerRecord<byte[], byte[]> r : rollups) {
      assertThat(header(r, "content-type")).isEqualTo("application/json");
      assertThat(header(r, "tern.schema")).isEqualTo("tern.v1.Rollup");
      JsonNode value = json.readTree(r.value());
      assertThat(value.get("deviceId").asText()).isEqualTo("dev-j");
      assertThat(value.get("windowMs").asLong()).isEqualTo(60_000);
      assertThat(value.has("type")).isFalse();
    }
    assertThat(json.readTree(rollups.get(1).value()).get("id").asText())
        .isEqualTo("dev-j/temp/60000/60000");
    for (ConsumerRecord<byte[], byte[]> r : readExactly(config.alertsTopic(), 2)) {
      assertThat(header(r, "content-type")).isEqualTo("application/json");
      assertThat(header(r, "tern.schema")).isEqualTo("tern.v1.Alert");
      assertThat(json.readTree(r.value()).get("kind").asText()).isEqualTo("SPIKE");
    }
  }

  @Test
  void restartResumesAfterWhatWasDeliveredInsteadOfTheBeginning() throws Exception {
    BridgeConfig config = config("t2");
    writeOutputs(outputLog, "dev-r", 4, 0);
    try (Bridge first = Bridge.start(config)) {
      await().atMost(PATIENCE).until(() -> first.stats().rollupsDelivered() == 4);
    }
    writeOutputs(outputLog, "dev-r", 3, 4);

    try (Bridge second = Bridge.start(config)) {
      await().atMost(PATIENCE).until(() -> second.stats().rollupsDelivered() == 3);
      await().atMost(PATIENCE).until(() -> second.stats().alertsDelivered() == 3);
    }

    List<ConsumerRecord<byte[], byte[]>> rollups = readExactly(config.rollupsTopic(), 7);
    assertThat(rollupIds(rollups)).hasSize(7);
  }

  @Test
  void undecodableEntriesAreCountedAndSkipped() throws Exception {
    BridgeConfig config = config("t3");
    try (OutputLogWriter writer = new OutputLogWriter(outputLog)) {
      writer.write(OutputLogWriter.rollup("dev-x", "temp", 0));
      writer.writeRaw(new byte[] {(byte) 0xFF, 0x01, 0x02});
      writer.write(GatewayOutput.getDefaultInstance());
      writer.write(OutputLogWriter.rollup("dev-x", "temp", 60_000));
    }

    try (Bridge bridge = Bridge.start(config)) {
      await().atMost(PATIENCE).until(() -> bridge.stats().rollupsDelivered() == 2);
      assertThat(bridge.stats().decodeErrors()).isEqualTo(2);
      assertThat(bridge.stats().lag()).isZero();
    }
    assertThat(rollupIds(readExactly(config.rollupsTopic(), 2)))
        .containsExactlyInAnyOrder("dev-x/temp/0/60000", "dev-x/temp/60000/60000");
  }

  @Test
  void waitsForTheOutputLogToAppear() throws Exception {
    Path notYetThere = outputLog.resolve("later");
    BridgeConfig config =
        new BridgeConfig(notYetThere, kafka.bootstrapServers(), "t4.rollups", "t4.alerts")
            .withDelivery(DeliveryGuarantee.EXACTLY_ONCE, "bridge-t4", "it.bridge.offsets");
    try (Bridge bridge = Bridge.start(config)) {
      await().atMost(PATIENCE).until(() -> bridge.stats().kafkaUp());
      writeOutputs(notYetThere, "dev-l", 2, 0);
      await().atMost(PATIENCE).until(() -> bridge.stats().rollupsDelivered() == 2);
    }
  }

  @Test
  void keepsEntriesWhileKafkaIsAbsentAndDeliversThemWhenItStarts(@TempDir Path laterKafkaDir)
      throws Exception {
    int port = freePort();
    BridgeConfig config =
        new BridgeConfig(outputLog, "127.0.0.1:" + port, "t5.rollups", "t5.alerts");
    try (Bridge bridge = Bridge.start(config)) {
      List<GatewayOutput> written = writeOutputs(outputLog, "dev-o", 6, 0);
      await().atMost(PATIENCE).until(() -> bridge.stats().lag() == 12);
      assertThat(bridge.stats().kafkaUp()).isFalse();
      written.addAll(writeOutputs(outputLog, "dev-p", 4, 0));
      written.addAll(writeOutputs(outputLog, "dev-o", 3, 6));
      await().atMost(PATIENCE).until(() -> bridge.stats().lag() == 26);
      assertThat(bridge.stats().rollupsDelivered()).isZero();
      assertThat(BridgeCommand.statusLine(bridge.stats()))
          .startsWith("bridge: kafka DOWN | delivered 0 rollups, 0 alerts | lag 26");

      try (EmbeddedKafka late = EmbeddedKafka.start(laterKafkaDir, port)) {
        await().atMost(PATIENCE).until(() -> bridge.stats().rollupsDelivered() == 13);
        await().atMost(PATIENCE).until(() -> bridge.stats().alertsDelivered() == 13);
        assertThat(bridge.stats().lag()).isZero();
        assertThat(bridge.stats().kafkaUp()).isTrue();
        assertThat(BridgeCommand.statusLine(bridge.stats()))
            .startsWith("bridge: kafka up | delivered 13 rollups, 13 alerts | lag 0");
        try (KafkaTopicReader rollups =
                new KafkaTopicReader(late.bootstrapServers(), "t5.rollups");
            KafkaTopicReader alerts = new KafkaTopicReader(late.bootstrapServers(), "t5.alerts")) {
          await().atMost(PATIENCE).until(() -> rollups.poll().size() >= 13);
          await().atMost(PATIENCE).until(() -> alerts.poll().size() >= 13);
          assertThat(idsInOrder(rollups.poll(), true))
              .containsExactlyElementsOf(idsInOrder(written, GatewayOutput.OutputCase.ROLLUP));
          assertThat(idsInOrder(alerts.poll(), false))
              .containsExactlyElementsOf(idsInOrder(written, GatewayOutput.OutputCase.ALERT));
        }
      }
    }
  }

  /** Ids per device in log order, devices sorted: what one partition per device must preserve. */
  private static List<String> idsInOrder(List<GatewayOutput> outputs, GatewayOutput.OutputCase k) {
    return outputs.stream()
        .filter(o -> o.getOutputCase() == k)
        .map(
            o ->
                k == GatewayOutput.OutputCase.ROLLUP ? o.getRollup().getId() : o.getAlert().getId())
        .sorted(java.util.Comparator.comparing((String id) -> id.substring(0, id.indexOf('/'))))
        .toList();
  }

  private static List<String> idsInOrder(
      List<ConsumerRecord<byte[], byte[]>> records, boolean rollups) {
    return records.stream()
        .map(r -> rollups ? parseRollup(r.value()).getId() : parseAlert(r.value()).getId())
        .sorted(java.util.Comparator.comparing((String id) -> id.substring(0, id.indexOf('/'))))
        .toList();
  }

  /** One bridge id per test: a bridge id (and its committed position) belongs to one output log. */
  private BridgeConfig config(String prefix) {
    return new BridgeConfig(
            outputLog, kafka.bootstrapServers(), prefix + ".rollups", prefix + ".alerts")
        .withDelivery(DeliveryGuarantee.EXACTLY_ONCE, "bridge-" + prefix, "it.bridge.offsets");
  }

  /** Writes {@code count} rollups and {@code count} alerts for one device. */
  private static List<GatewayOutput> writeOutputs(Path log, String device, int count, int from) {
    List<GatewayOutput> written = new ArrayList<>();
    try (OutputLogWriter writer = new OutputLogWriter(log)) {
      for (int i = from; i < from + count; i++) {
        written.add(OutputLogWriter.rollup(device, "temp", i * 60_000L));
        written.add(OutputLogWriter.alert(device, "temp", i * 60_000L + 5));
      }
      written.forEach(writer::write);
    }
    return written;
  }

  /** Reads the topic until {@code count} records arrived, then checks nothing more follows. */
  private static List<ConsumerRecord<byte[], byte[]>> readExactly(String topic, int count) {
    try (KafkaTopicReader reader = new KafkaTopicReader(kafka.bootstrapServers(), topic)) {
      await().atMost(PATIENCE).until(() -> reader.poll().size() >= count);
      List<ConsumerRecord<byte[], byte[]>> all = reader.poll();
      assertThat(all).hasSize(count);
      return all;
    }
  }

  private static Set<String> idsOf(List<GatewayOutput> outputs, GatewayOutput.OutputCase kind) {
    return outputs.stream()
        .filter(o -> o.getOutputCase() == kind)
        .map(
            o ->
                kind == GatewayOutput.OutputCase.ROLLUP
                    ? o.getRollup().getId()
                    : o.getAlert().getId())
        .collect(Collectors.toSet());
  }

  private static Set<String> rollupIds(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> parseRollup(r.value()).getId()).collect(Collectors.toSet());
  }

  private static Set<String> alertIds(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> parseAlert(r.value()).getId()).collect(Collectors.toSet());
  }

  private static Rollup parseRollup(byte[] value) {
    try {
      return Rollup.parseFrom(value);
    } catch (IOException e) {
      throw new AssertionError("not a Rollup", e);
    }
  }

  private static Alert parseAlert(byte[] value) {
    try {
      return Alert.parseFrom(value);
    } catch (IOException e) {
      throw new AssertionError("not an Alert", e);
    }
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header %s", name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static int partitions(String topic) {
    try (KafkaTopicReader reader = new KafkaTopicReader(kafka.bootstrapServers(), topic)) {
      return reader.partitionCount();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
