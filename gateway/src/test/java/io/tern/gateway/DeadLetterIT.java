package io.tern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.MqttTestClients.Received;
import io.tern.gateway.testing.TestGateways;
import io.tern.gateway.validation.RejectionReason;
import io.tern.proto.v1.Reading;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation and dead letters against a real gateway: a table of bad inputs, each from its own MQTT
 * client, interleaved with good batches from another device. Every bad input yields exactly one
 * dead letter with the right reason, the good device's rollups are exactly right, and the gateway
 * keeps running.
 */
class DeadLetterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SUCCESS = 0x00;
  private static final int TOPIC_NAME_INVALID = 0x90;
  private static final int PAYLOAD_FORMAT_INVALID = 0x99;
  private static final String GOOD = "good-1";
  private static final long NOW = System.currentTimeMillis();
  // Ten minutes ago, on a 10 s window boundary: well within the accepted event-time range.
  private static final long T0 = (NOW - Duration.ofMinutes(10).toMillis()) / 10_000 * 10_000;

  @TempDir Path dataDir;

  private Gateway gateway;
  private final MqttTestClients mqtt = new MqttTestClients(() -> gateway.mqttPort());

  /**
   * One bad input: published by {@code clientId} on {@code topic}; expected PUBACK, and one dead
   * letter on {@code tern/v1/dlq/{dlqDevice}} with {@code reason} (for a rejected reading: its seq
   * and metric; {@code metric} null when unknown).
   */
  record BadInput(
      String clientId,
      String topic,
      byte[] payload,
      int ack,
      RejectionReason reason,
      String dlqDevice,
      Long seq,
      String metric) {}

  @BeforeEach
  void startGateway() {
    gateway =
        TestGateways.start(
            dataDir,
            Map.of(
                "tern.gateway.rollup-window",
                "10s",
                "tern.gateway.value-ranges.humidity",
                "0..100",
                "tern.gateway.max-event-age",
                "30d"));
  }

  @AfterEach
  void stop() throws MqttException {
    mqtt.close();
    gateway.close();
  }

  static List<BadInput> badInputs() {
    List<BadInput> table = new ArrayList<>();
    table.add(message("bad-garbage", new byte[] {(byte) 0xff, 1, 2}, RejectionReason.DECODE_ERROR));
    table.add(
        new BadInput(
            "bad-topic",
            "tern/v1/telemetry/bad-topic/extra",
            batch("bad-topic", "temperature", 1.0, 2.0).toByteArray(),
            TOPIC_NAME_INVALID,
            RejectionReason.INVALID_TOPIC,
            "bad-topic",
            null,
            null));
    table.add(
        message(
            "bad-missing",
            batch("", "temperature", 1.0).toByteArray(),
            RejectionReason.MISSING_FIELDS));
    table.add(
        message(
            "bad-payload",
            batch("impostor", "temperature", 1.0).toByteArray(),
            RejectionReason.DEVICE_ID_MISMATCH));
    table.add(
        new BadInput(
            "bad-client",
            "tern/v1/telemetry/bad-client-topic",
            batch("bad-client-topic", "temperature", 1.0).toByteArray(),
            PAYLOAD_FORMAT_INVALID,
            RejectionReason.CLIENT_ID_MISMATCH,
            "bad-client-topic",
            null,
            null));
    double[] many = new double[10_001];
    table.add(
        message(
            "bad-big",
            batch("bad-big", "temperature", many).toByteArray(),
            RejectionReason.OVERSIZED_BATCH));
    table.add(
        reading(
            "bad-nan",
            middle("bad-nan", "temperature", 0, Double.NaN, T0),
            RejectionReason.NON_FINITE_VALUE,
            "temperature"));
    table.add(
        reading(
            "bad-future",
            middle("bad-future", "temperature", 0, 1.0, NOW + Duration.ofHours(1).toMillis()),
            RejectionReason.FUTURE_EVENT_TIME,
            "temperature"));
    table.add(
        reading(
            "bad-old",
            middle("bad-old", "temperature", 0, 1.0, NOW - Duration.ofDays(60).toMillis()),
            RejectionReason.STALE_EVENT_TIME,
            "temperature"));
    table.add(
        reading(
            "bad-name",
            middle("bad-name", "temp rature", 1, 1.0, T0),
            RejectionReason.INVALID_METRIC_NAME,
            "temp rature"));
    table.add(
        reading(
            "bad-index",
            middle("bad-index", "temperature", 7, 1.0, T0),
            RejectionReason.METRIC_INDEX_OUT_OF_RANGE,
            null));
    table.add(
        reading(
            "bad-range",
            middle("bad-range", "humidity", 1, 150.0, T0),
            RejectionReason.VALUE_OUT_OF_RANGE,
            "humidity"));
    return table;
  }

  @Test
  void badInputs_becomeOneDeadLetterEach_goodDataIsUnaffected() throws Exception {
    List<Received> deadLetters = mqtt.subscribe("tern/v1/dlq/#");
    List<Received> rollups = mqtt.subscribe("tern/v1/rollups/" + GOOD + "/#");
    MqttClient good = mqtt.connect(GOOD);
    List<BadInput> table = badInputs();

    for (int i = 0; i < table.size(); i++) {
      assertThat(MqttTestClients.publish(good, "tern/v1/telemetry/" + GOOD, goodBatch(i)))
          .isEqualTo(SUCCESS);
      BadInput bad = table.get(i);
      assertThat(MqttTestClients.publish(mqtt.connect(bad.clientId()), bad.topic(), bad.payload()))
          .as("PUBACK for %s", bad.reason())
          .isEqualTo(bad.ack());
    }
    int lastWindow = table.size();
    assertThat(MqttTestClients.publish(good, "tern/v1/telemetry/" + GOOD, goodBatch(lastWindow)))
        .isEqualTo(SUCCESS);

    // One dead letter per bad input, and no more.
    await()
        .atMost(Duration.ofSeconds(30))
        .during(Duration.ofMillis(500))
        .until(() -> deadLetters.size() == table.size());
    Map<String, Received> byTopic =
        deadLetters.stream().collect(Collectors.toMap(Received::topic, r -> r));
    for (BadInput bad : table) {
      Received letter = byTopic.get("tern/v1/dlq/" + bad.dlqDevice());
      assertThat(letter).as("dead letter for %s", bad.reason()).isNotNull();
      assertDeadLetter(bad, letter);
    }

    // The good device: windows 0 .. lastWindow-1 are closed by its watermark, each exactly its
    // own 10 readings (the last one may also be closed by the idle timeout).
    await().atMost(Duration.ofSeconds(30)).until(() -> windowStarts(rollups).size() >= lastWindow);
    for (Received received : rollups) {
      JsonNode rollup = JSON.readTree(received.message().getPayload());
      long window = (rollup.get("windowStartMs").asLong() - T0) / 10_000;
      assertThat(rollup.get("windowMs").asLong()).isEqualTo(10_000);
      assertThat(rollup.get("count").asLong()).as("window %d", window).isEqualTo(10);
      assertThat(rollup.get("min").asDouble()).isEqualTo(window * 10);
      assertThat(rollup.get("max").asDouble()).isEqualTo(window * 10 + 9);
      assertThat(rollup.get("sum").asDouble()).isEqualTo(window * 100 + 45);
      assertThat(rollup.get("revision").asInt()).isZero();
    }
    assertThat(windowStarts(rollups))
        .doesNotHaveDuplicates()
        .containsAll(LongStream.range(0, lastWindow).mapToObj(w -> T0 + w * 10_000).toList());

    // Still running: a newcomer's telemetry is taken, and whole-message rejections were counted.
    assertThat(
            MqttTestClients.publish(
                mqtt.connect("late-1"), "tern/v1/telemetry/late-1", goodBatch("late-1", 0)))
        .isEqualTo(SUCCESS);
    long wholeMessageRejections =
        table.stream().filter(b -> b.reason().scope() == RejectionReason.Scope.MESSAGE).count();
    assertThat(gateway.stats().decodeErrors()).isEqualTo(wholeMessageRejections);
  }

  private static void assertDeadLetter(BadInput bad, Received letter) throws Exception {
    MqttMessage message = letter.message();
    assertThat(message.getProperties().getContentType()).isEqualTo("application/json");
    assertThat(userProperties(message)).containsEntry("reason", bad.reason().name());
    JsonNode json = JSON.readTree(message.getPayload());
    assertThat(json.get("reason").asText()).isEqualTo(bad.reason().name());
    assertThat(json.get("deviceId").asText()).isEqualTo(bad.dlqDevice());
    assertThat(json.get("clientId").asText()).isEqualTo(bad.clientId());
    assertThat(json.get("topic").asText()).isEqualTo(bad.topic());
    assertThat(json.get("detail").asText()).isNotBlank();
    assertThat(json.get("receivedAtMs").asLong()).isGreaterThanOrEqualTo(NOW);
    assertThat(Base64.getDecoder().decode(json.get("payloadBase64").asText()))
        .isEqualTo(bad.payload());
    if (bad.reason().scope() == RejectionReason.Scope.READING) {
      assertThat(json.get("seq").asLong()).isEqualTo(bad.seq());
      if (bad.metric() == null) {
        assertThat(json.has("metric")).isFalse();
      } else {
        assertThat(json.get("metric").asText()).isEqualTo(bad.metric());
      }
    } else {
      assertThat(json.has("seq")).isFalse();
    }
  }

  private static BadInput message(String device, byte[] payload, RejectionReason reason) {
    return new BadInput(
        device,
        "tern/v1/telemetry/" + device,
        payload,
        PAYLOAD_FORMAT_INVALID,
        reason,
        device,
        null,
        null);
  }

  private static BadInput reading(
      String device, TelemetryBatch batch, RejectionReason reason, String metric) {
    return new BadInput(
        device,
        "tern/v1/telemetry/" + device,
        batch.toByteArray(),
        SUCCESS,
        reason,
        device,
        batch.getBaseSeq() + 1,
        metric);
  }

  /** Three readings; the middle one (seq 501) uses metric index {@code index}, value, time. */
  private static TelemetryBatch middle(
      String device, String metric, int index, double value, long eventTimeMs) {
    TelemetryBatch.Builder batch =
        TelemetryBatch.newBuilder()
            .setDeviceId(device)
            .setStreamEpoch(7)
            .setBaseSeq(500)
            .setBaseTimeMs(T0)
            .addMetrics("temperature");
    if (index == 1) {
      batch.addMetrics(metric);
    }
    return batch
        .addReadings(reading(0, 0, 20.0, 0))
        .addReadings(reading(1, index, value, eventTimeMs - T0))
        .addReadings(reading(2, 0, 21.0, 2_000))
        .build();
  }

  private static TelemetryBatch batch(String device, String metric, double... values) {
    TelemetryBatch.Builder batch =
        TelemetryBatch.newBuilder()
            .setDeviceId(device)
            .setStreamEpoch(7)
            .setBaseSeq(0)
            .setBaseTimeMs(T0)
            .addMetrics(metric);
    for (int i = 0; i < values.length; i++) {
      batch.addReadings(reading(i, 0, values[i], i));
    }
    return batch.build();
  }

  /** Window {@code w} of a device: 10 readings, one per second, values 10w .. 10w+9. */
  private static byte[] goodBatch(String device, int w) {
    TelemetryBatch.Builder batch =
        TelemetryBatch.newBuilder()
            .setDeviceId(device)
            .setStreamEpoch(42)
            .setBaseSeq(w * 10L)
            .setBaseTimeMs(T0 + w * 10_000L)
            .addMetrics("temperature");
    for (int i = 0; i < 10; i++) {
      batch.addReadings(reading(i, 0, w * 10 + i, i * 1000L));
    }
    return batch.build().toByteArray();
  }

  private static byte[] goodBatch(int w) {
    return goodBatch(GOOD, w);
  }

  private static Reading reading(int seqOffset, int metricIndex, double value, long offsetMs) {
    return Reading.newBuilder()
        .setSeqOffset(seqOffset)
        .setMetricIndex(metricIndex)
        .setValue(value)
        .setTimeOffsetMs(offsetMs)
        .build();
  }

  private static List<Long> windowStarts(List<Received> rollups) throws Exception {
    List<Long> starts = new ArrayList<>();
    for (Received received : rollups) {
      starts.add(JSON.readTree(received.message().getPayload()).get("windowStartMs").asLong());
    }
    return starts;
  }

  private static Map<String, String> userProperties(MqttMessage message) {
    Map<String, String> properties = new HashMap<>();
    for (UserProperty p : message.getProperties().getUserProperties()) {
      properties.put(p.getKey(), p.getValue());
    }
    return properties;
  }
}
