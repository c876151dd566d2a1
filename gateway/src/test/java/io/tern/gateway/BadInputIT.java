package io.tern.gateway;

import static io.tern.gateway.testing.BadPayloads.batch;
import static io.tern.gateway.testing.BadPayloads.good;
import static io.tern.gateway.validation.RejectionReason.CLIENT_ID_MISMATCH;
import static io.tern.gateway.validation.RejectionReason.DECODE_ERROR;
import static io.tern.gateway.validation.RejectionReason.DEVICE_ID_MISMATCH;
import static io.tern.gateway.validation.RejectionReason.FUTURE_EVENT_TIME;
import static io.tern.gateway.validation.RejectionReason.MISSING_FIELDS;
import static io.tern.gateway.validation.RejectionReason.NON_FINITE_VALUE;
import static io.tern.gateway.validation.RejectionReason.OVERSIZED_BATCH;
import static io.tern.gateway.validation.RejectionReason.STALE_EVENT_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.gateway.testing.BadPayloads;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.MqttTestClients.Received;
import io.tern.gateway.testing.RawMqttClient;
import io.tern.gateway.testing.TestGateways;
import io.tern.gateway.validation.RejectionReason;
import io.tern.proto.v1.DeviceState;
import io.tern.proto.v1.DeviceStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue (docs/security.md, "Bad input → outcome"): one gateway, one row per bad
 * input, sent by a real client over a real socket (Paho v5, or a raw socket for packets Paho
 * refuses to send). Each row checks the defined outcome: the MQTT answer, the dead letters on
 * {@code tern/v1/dlq/{marker}} with their reasons, and exactly how many of its readings reached the
 * pipeline (the device's {@code readingsAccepted} in {@code /api/devices}, read after a sentinel
 * device's later batch was processed: the journal is ordered). Devices are anonymous here (the
 * validator's checks); with credentials a spoof is refused earlier, with 0x87 (SecurityIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BATCH_READINGS = 100;
  private static final String SENTINEL = "bi-sentinel";

  /** What the sender saw: an acknowledgement or a DISCONNECT with its reason code, or neither. */
  record Outcome(String packet, int code) {
    static final Outcome NO_ACK = new Outcome("no acknowledgement (QoS 0)", -1);
    static final Outcome CLIENT_REFUSES = new Outcome("refused by the client library", -1);

    static Outcome puback(int code) {
      return new Outcome("PUBACK", code);
    }

    static Outcome disconnect(int code) {
      return new Outcome("DISCONNECT", code);
    }
  }

  /** Sends one bad input as device {@code marker} (mostly its client id and topic level). */
  interface Sender {
    Outcome send(BadInputIT test, String marker) throws Exception;
  }

  /**
   * One bad input and its defined outcome: the answer, the dead letters' reasons on {@code
   * tern/v1/dlq/{marker}}, and the readings of {@code marker} that reach the pipeline.
   */
  record Row(
      String name,
      String marker,
      Sender sender,
      Outcome outcome,
      List<RejectionReason> deadLetters,
      int readingsTaken) {
    @Override
    public String toString() {
      return name;
    }
  }

  @TempDir static Path dataDir;

  private Gateway gateway;
  private MqttTestClients mqtt;
  private List<Received> deadLetters;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Row> ran = new ArrayList<>();
  private MqttClient sentinel;
  private int sentinelReadings;

  @BeforeAll
  void start() throws MqttException {
    gateway =
        TestGateways.start(dataDir, Map.of("tern.gateway.max-batch-readings", MAX_BATCH_READINGS));
    mqtt = new MqttTestClients(gateway::mqttPort);
    deadLetters = mqtt.subscribe("tern/v1/dlq/#");
    sentinel = mqtt.connect(SENTINEL);
  }

  @AfterAll
  void stop() throws MqttException {
    mqtt.close();
    gateway.close();
  }

  static List<Row> catalogue() {
    long day = Duration.ofDays(1).toMillis();
    List<Row> rows = new ArrayList<>();
    rows.add(message("truncated mid-field", m -> BadPayloads.truncated(good(m)), DECODE_ERROR));
    rows.add(
        accepted(
            "truncated at a field boundary: a shorter valid batch",
            m -> BadPayloads.lastReadingCut(good(m)),
            2));
    rows.add(
        new Row(
            "PUBLISH over the maximum packet size (1 MiB)",
            "bi-oversized-packet",
            (t, m) -> t.raw(m, bytes(telemetry(m)), new byte[1024 * 1024 + 1]),
            Outcome.disconnect(0x95),
            List.of(),
            0));
    rows.add(
        message(
            "batch over the validator's reading cap",
            m -> batch(m, 1, new double[MAX_BATCH_READINGS + 1]).toByteArray(),
            OVERSIZED_BATCH));
    rows.add(message("unknown groups nested 200 deep", BadPayloads::deeplyNested, DECODE_ERROR));
    rows.add(accepted("unknown fields of a newer sender", BadPayloads::unknownFields, 3));
    rows.add(message("wrong wire type: value as varint", BadPayloads::valueAsVarint, DECODE_ERROR));
    rows.add(
        message(
            "wrong wire type: device_id as varint", BadPayloads::deviceIdAsVarint, DECODE_ERROR));
    rows.add(
        message("invalid UTF-8 in a metric name", BadPayloads::invalidUtf8Metric, DECODE_ERROR));
    rows.add(
        message("invalid UTF-8 in the device id", BadPayloads::invalidUtf8DeviceId, DECODE_ERROR));
    rows.add(
        broker(
            "invalid UTF-8 in the topic's device id",
            m -> (telemetry(m) + "\u00ff").getBytes(StandardCharsets.ISO_8859_1),
            0x81));
    rows.add(
        readings(
            "NaN, +Inf and -Inf values",
            m ->
                batch(m, 1, Double.NaN, 1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                    .toByteArray(),
            1,
            NON_FINITE_VALUE,
            NON_FINITE_VALUE,
            NON_FINITE_VALUE));
    rows.add(timeRow("event time in 1970", 0, 0, STALE_EVENT_TIME));
    rows.add(timeRow("event time in the year 9999", 253_370_764_800_000L, 0, FUTURE_EVENT_TIME));
    rows.add(timeRow("negative event time", -day, 0, STALE_EVENT_TIME));
    rows.add(timeRow("event time past the long range", Long.MAX_VALUE, 1, FUTURE_EVENT_TIME));
    rows.add(
        message(
            "spoofed device id: payload is another device",
            m -> good("bi-victim"),
            DEVICE_ID_MISMATCH));
    rows.add(
        new Row(
            "spoofed device id: client id is another device",
            "bi-spoof-client",
            (t, m) -> t.paho(m + "-x", telemetry(m), good(m), 1, false, 0),
            Outcome.puback(0x99),
            List.of(CLIENT_ID_MISMATCH),
            0));
    rows.add(
        new Row(
            "wildcard in the topic, through Paho",
            "bi-wild-paho",
            (t, m) -> t.paho(m, "tern/v1/telemetry/+", good(m), 1, false, 0),
            Outcome.CLIENT_REFUSES,
            List.of(),
            0));
    rows.add(broker("plus wildcard in the topic", m -> bytes("tern/v1/telemetry/+"), 0x90));
    rows.add(broker("hash wildcard in the topic", m -> bytes("tern/v1/telemetry/#"), 0x90));
    rows.add(broker("NUL in the topic", m -> bytes(telemetry(m) + "\u0000"), 0x81));
    rows.add(broker("$SYS publish", m -> bytes("$SYS/broker/uptime"), 0x82));
    rows.add(
        new Row(
            "retained telemetry: taken once, never retained",
            "bi-retained",
            (t, m) -> t.paho(m, telemetry(m), good(m), 1, true, 0),
            Outcome.puback(0),
            List.of(),
            3));
    rows.add(
        new Row(
            "oversized user properties (500 KB): ignored",
            "bi-user-props",
            (t, m) -> t.paho(m, telemetry(m), good(m), 1, false, 500),
            Outcome.puback(0),
            List.of(),
            3));
    rows.add(message("empty telemetry payload", m -> new byte[0], MISSING_FIELDS));
    rows.add(status("empty status payload (retained)", new byte[0], MISSING_FIELDS));
    rows.add(
        status("status payload garbage (retained)", new byte[] {(byte) 0xff, 3}, DECODE_ERROR));
    rows.add(
        new Row(
            "QoS 0 telemetry: taken, not acknowledged",
            "bi-qos0",
            (t, m) -> t.paho(m, telemetry(m), good(m), 0, false, 0),
            Outcome.NO_ACK,
            List.of(),
            3));
    rows.add(
        new Row(
            "QoS 0 garbage: dead-lettered",
            "bi-qos0-bad",
            (t, m) -> t.paho(m, telemetry(m), new byte[] {(byte) 0xff}, 0, false, 0),
            Outcome.NO_ACK,
            List.of(DECODE_ERROR),
            0));
    rows.add(
        new Row(
            "QoS 2 telemetry: taken once",
            "bi-qos2",
            (t, m) -> t.paho(m, telemetry(m), good(m), 2, false, 0),
            new Outcome("PUBREC", 0),
            List.of(),
            3));
    rows.add(
        new Row(
            "QoS 2 garbage: refused in PUBREC",
            "bi-qos2-bad",
            (t, m) -> t.paho(m, telemetry(m), new byte[] {(byte) 0xff}, 2, false, 0),
            new Outcome("PUBREC", 0x99),
            List.of(DECODE_ERROR),
            0));
    if (rows.stream().map(Row::marker).distinct().count() != rows.size()) {
      throw new IllegalStateException("two rows share a marker: " + rows);
    }
    return rows;
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void badInput_hasItsDefinedOutcome(Row row) throws Exception {
    ran.add(row);
    assertThat(row.sender().send(this, row.marker())).isEqualTo(row.outcome());

    List<String> expected = row.deadLetters().stream().map(Enum::name).toList();
    eventually(() -> lettersOf(row.marker()).size() >= expected.size());
    eventually(() -> readingsAccepted(row.marker()) >= row.readingsTaken()); // QoS 0: no PUBACK
    // Once the sentinel's later batch is processed, so is everything the row journaled.
    sentinelReadings++;
    byte[] next = batch(SENTINEL, sentinelReadings, 20.0).toByteArray();
    assertThat(publish(sentinel, telemetry(SENTINEL), next, 1, false, 0))
        .isEqualTo(Outcome.puback(0));
    eventually(() -> readingsAccepted(SENTINEL) == sentinelReadings);
    assertThat(readingsAccepted(row.marker())).as("readings taken").isEqualTo(row.readingsTaken());

    List<JsonNode> letters = lettersOf(row.marker());
    assertThat(letters)
        .extracting(l -> l.get("reason").asText())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (JsonNode letter : letters) {
      assertThat(letter.get("detail").asText()).isNotBlank();
    }
  }

  /** Nothing more arrived later, nothing was retained, and the gateway still takes good data. */
  @Order(2)
  @Test
  void afterTheCatalogue_noStrayDeadLetters_noRetainedMessages_gatewayHealthy() throws Exception {
    long expectedLetters = ran.stream().mapToLong(r -> r.deadLetters().size()).sum();
    await()
        .atMost(Duration.ofSeconds(20))
        .during(Duration.ofMillis(500))
        .until(() -> deadLetters.size() == expectedLetters);

    // A retained message is delivered at once to a new subscriber (rollups may arrive live). The
    // one valid retained status shows the subscribers would see any.
    byte[] online =
        DeviceStatus.newBuilder()
            .setDeviceId("bi-control")
            .setState(DeviceState.DEVICE_STATE_ONLINE)
            .build()
            .toByteArray();
    assertThat(paho("bi-control", "tern/v1/status/bi-control", online, 1, true, 0))
        .isEqualTo(Outcome.puback(0x10)); // delivered and retained; no subscriber yet
    List<Received> late = mqtt.subscribe("#");
    List<Received> lateSys = mqtt.subscribe("$SYS/#");
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(10))
        .until(() -> retainedTopics(late).equals(List.of("tern/v1/status/bi-control")));
    assertThat(lateSys).isEmpty();

    int taken = ran.stream().mapToInt(Row::readingsTaken).sum();
    assertThat(paho("bi-after", telemetry("bi-after"), good("bi-after"), 1, false, 0))
        .isEqualTo(Outcome.puback(0));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> gateway.stats().readings() == taken + sentinelReadings + 3);
  }

  // --- rows ---

  private static Row message(
      String name, Function<String, byte[]> payload, RejectionReason reason) {
    String marker = marker(name);
    return new Row(
        name,
        marker,
        (t, m) -> t.paho(m, telemetry(m), payload.apply(m), 1, false, 0),
        Outcome.puback(0x99),
        List.of(reason),
        0);
  }

  private static Row accepted(String name, Function<String, byte[]> payload, int readings) {
    return new Row(
        name,
        marker(name),
        (t, m) -> t.paho(m, telemetry(m), payload.apply(m), 1, false, 0),
        Outcome.puback(0),
        List.of(),
        readings);
  }

  private static Row readings(
      String name, Function<String, byte[]> payload, int taken, RejectionReason... reasons) {
    return new Row(
        name,
        marker(name),
        (t, m) -> t.paho(m, telemetry(m), payload.apply(m), 1, false, 0),
        Outcome.puback(0),
        List.of(reasons),
        taken);
  }

  /** Two readings: one a minute ago, one at {@code baseTimeMs + offsetMs}. */
  private static Row timeRow(String name, long baseTimeMs, long offsetMs, RejectionReason reason) {
    return readings(name, m -> BadPayloads.withEventTime(m, baseTimeMs, offsetMs), 1, reason);
  }

  private static Row status(String name, byte[] payload, RejectionReason reason) {
    return new Row(
        name,
        marker(name),
        (t, m) -> t.paho(m, "tern/v1/status/" + m, payload, 1, true, 0),
        Outcome.puback(0x99),
        List.of(reason),
        0);
  }

  /** Good telemetry on a topic the broker refuses, sent over a raw socket. */
  private static Row broker(String name, Function<String, byte[]> topic, int disconnect) {
    return new Row(
        name,
        marker(name),
        (t, m) -> t.raw(m, topic.apply(m), good(m)),
        Outcome.disconnect(disconnect),
        List.of(),
        0);
  }

  // --- sending ---

  /** Publishes through Paho; {@code userPropertiesKb} properties of 1 KB each. */
  Outcome paho(
      String clientId, String topic, byte[] payload, int qos, boolean retain, int userPropertiesKb)
      throws MqttException {
    return publish(mqtt.connect(clientId), topic, payload, qos, retain, userPropertiesKb);
  }

  private static Outcome publish(
      MqttClient client,
      String topic,
      byte[] payload,
      int qos,
      boolean retain,
      int userPropertiesKb)
      throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(qos);
    message.setRetained(retain);
    if (userPropertiesKb > 0) {
      List<UserProperty> properties = new ArrayList<>();
      for (int i = 0; i < userPropertiesKb; i++) {
        properties.add(new UserProperty("p" + i, "v".repeat(1000)));
      }
      MqttProperties mqttProperties = new MqttProperties();
      mqttProperties.setUserProperties(properties);
      message.setProperties(mqttProperties);
    }
    IMqttToken token;
    try {
      token = client.getTopic(topic).publish(message);
    } catch (IllegalArgumentException refused) {
      return Outcome.CLIENT_REFUSES;
    }
    String ack = qos == 2 ? "PUBREC" : "PUBACK";
    try {
      token.waitForCompletion(10_000);
    } catch (MqttException failed) {
      return new Outcome(ack, failed.getReasonCode()); // Paho throws for a failed QoS 2 flow
    }
    return qos == 0 ? Outcome.NO_ACK : new Outcome(ack, token.getReasonCodes()[0]);
  }

  Outcome raw(String clientId, byte[] topic, byte[] payload) throws Exception {
    try (RawMqttClient client = new RawMqttClient(gateway.mqttPort(), clientId)) {
      RawMqttClient.Answer answer = client.publish(topic, payload);
      return answer.type() == RawMqttClient.DISCONNECT
          ? Outcome.disconnect(answer.reasonCode())
          : new Outcome("packet type " + answer.type(), answer.reasonCode());
    }
  }

  // --- observing ---

  private static void eventually(Callable<Boolean> condition) {
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .atMost(Duration.ofSeconds(20))
        .until(condition);
  }

  private List<JsonNode> lettersOf(String marker) throws Exception {
    List<JsonNode> letters = new ArrayList<>();
    for (Received received : deadLetters) {
      if (received.topic().equals("tern/v1/dlq/" + marker)) {
        letters.add(JSON.readTree(received.message().getPayload()));
      }
    }
    return letters;
  }

  private long readingsAccepted(String deviceId) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + gateway.httpPort() + "/api/devices"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    for (JsonNode device : JSON.readTree(response.body()).get("devices")) {
      if (device.get("deviceId").asText().equals(deviceId)) {
        return device.get("readingsAccepted").asLong();
      }
    }
    return 0;
  }

  private static List<String> retainedTopics(List<Received> received) {
    return received.stream().filter(r -> r.message().isRetained()).map(Received::topic).toList();
  }

  private static String telemetry(String deviceId) {
    return "tern/v1/telemetry/" + deviceId;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A device id from a row's name: {@code bi-} and its words, e.g. {@code bi-nan-inf-and-inf}. */
  private static String marker(String name) {
    return "bi-" + name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
