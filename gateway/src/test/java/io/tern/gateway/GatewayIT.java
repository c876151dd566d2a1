package io.tern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.gateway.status.GatewayStats;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.MqttTestClients.Received;
import io.tern.gateway.testing.TestGateways;
import io.tern.proto.v1.Gap;
import io.tern.proto.v1.GapReason;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.TelemetryBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway end to end: real embedded broker, real Paho clients, real Chronicle output log. */
class GatewayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s
  private static final String DEVICE = "dev-1";

  @TempDir Path dataDir;

  private Gateway gateway;
  private final MqttTestClients mqtt = new MqttTestClients(() -> gateway.mqttPort());

  @BeforeEach
  void startGateway() {
    gateway =
        TestGateways.start(
            dataDir,
            Map.of(
                // T0 is in 2023: accept it whatever the default event-age limit of validation.
                "tern.gateway.max-event-age",
                "36500d",
                // The assertions count 10 s windows only (the default also has 1 min and 1 h).
                "tern.gateway.rollup-window",
                "10s"));
  }

  @AfterEach
  void stop() throws MqttException {
    mqtt.close();
    gateway.close();
  }

  @Test
  void telemetry_producesRollupsAlertsStatusAndOutputLog() throws Exception {
    List<Received> rollups = mqtt.subscribe("tern/v1/rollups/#");
    List<Received> alerts = mqtt.subscribe("tern/v1/alerts/#");
    List<Received> telemetry = mqtt.subscribe("tern/v1/telemetry/#");
    MqttClient device = mqtt.connect(DEVICE);

    // 60 readings, one per second, steady around 21 with a spike at t = 52 s (too late to clear).
    for (int batch = 0; batch < 6; batch++) {
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = batch * 10 + i;
        values.add(n == 52 ? 97.3 : 21.0 + 0.1 * Math.sin(n));
      }
      publish(device, DEVICE, batch * 10L, T0 + batch * 10_000L, values);
    }

    // Watermark T0 + 59 s closes windows ending at or before T0 + 57 s: [0,10) .. [40,50).
    await().atMost(Duration.ofSeconds(30)).until(() -> rollups.size() >= 5);
    assertThat(rollups).hasSize(5);
    Received first = rollups.get(0);
    assertThat(first.topic()).isEqualTo("tern/v1/rollups/dev-1/temperature");
    assertThat(first.message().getProperties().getContentType()).isEqualTo("application/json");
    JsonNode rollup = JSON.readTree(first.message().getPayload());
    assertThat(fieldNames(rollup))
        .containsExactlyInAnyOrder(
            "id",
            "deviceId",
            "metric",
            "windowStartMs",
            "windowMs",
            "count",
            "min",
            "max",
            "sum",
            "mean",
            "last",
            "quantiles",
            "revision");
    assertThat(rollup.get("id").asText()).isEqualTo("dev-1/temperature/" + T0 + "/10000");
    assertThat(rollup.get("windowStartMs").asLong()).isEqualTo(T0);
    assertThat(rollup.get("windowMs").asLong()).isEqualTo(10_000);
    assertThat(rollup.get("count").asLong()).isEqualTo(10);
    assertThat(rollup.get("revision").asInt()).isZero();

    await().atMost(Duration.ofSeconds(30)).until(() -> !alerts.isEmpty());
    Received alertMessage = alerts.get(0);
    assertThat(alertMessage.topic()).isEqualTo("tern/v1/alerts/dev-1/temperature");
    assertThat(alertMessage.message().getProperties().getContentType())
        .isEqualTo("application/json");
    assertThat(userProperties(alertMessage.message()))
        .containsEntry("kind", "SPIKE")
        .containsKey("severity");
    JsonNode alert = JSON.readTree(alertMessage.message().getPayload());
    assertThat(fieldNames(alert))
        .containsExactlyInAnyOrder(
            "id",
            "deviceId",
            "metric",
            "kind",
            "severity",
            "state",
            "value",
            "eventTimeMs",
            "eventTime",
            "detectedAtMs",
            "score",
            "message");
    assertThat(alert.get("kind").asText()).isEqualTo("SPIKE");
    assertThat(alert.get("state").asText()).isEqualTo("RAISED");
    assertThat(alert.get("value").asDouble()).isEqualTo(97.3);
    assertThat(alert.get("eventTimeMs").asLong()).isEqualTo(T0 + 52_000);
    assertThat(alert.get("eventTime").asText()).isEqualTo("2023-11-14T22:14:12Z");
    assertThat(alert.get("message").asText()).startsWith("value 97.3 is ").contains("above");

    assertThat(telemetry).as("telemetry is for the gateway only").isEmpty();

    JsonNode status = JSON.readTree(http("/api/status"));
    assertThat(status.get("devices").asLong()).isEqualTo(1);
    assertThat(status.get("batches").asLong()).isEqualTo(6);
    assertThat(status.get("readings").asLong()).isEqualTo(60);
    assertThat(status.get("rollups").asLong()).isEqualTo(5);
    assertThat(status.get("alertsRaised").asLong()).isEqualTo(1);
    assertThat(status.get("activeAlerts").asLong()).isEqualTo(1);
    JsonNode active = JSON.readTree(http("/api/alerts/active"));
    assertThat(active).hasSize(1);
    assertThat(active.get(0).get("id").asText()).isEqualTo(alert.get("id").asText());
    assertThat(http("/")).contains("Tern gateway").contains("refresh");
    assertThat(gateway.stats()).isEqualTo(new GatewayStats(1, 6, 60, 0, 5, 1, 1, 0, 0, 0));

    Path outputLog = gateway.outputLogDir();
    gateway.close();
    List<GatewayOutput> logged = readOutputLog(outputLog);
    assertThat(logged.stream().filter(GatewayOutput::hasRollup).map(o -> o.getRollup().getId()))
        .containsExactly(
            "dev-1/temperature/1700000000000/10000",
            "dev-1/temperature/1700000010000/10000",
            "dev-1/temperature/1700000020000/10000",
            "dev-1/temperature/1700000030000/10000",
            "dev-1/temperature/1700000040000/10000");
    assertThat(logged.stream().filter(GatewayOutput::hasAlert).map(o -> o.getAlert().getId()))
        .containsExactly(alert.get("id").asText());
  }

  @Test
  void gapReports_arePublishedOnce_andGoToTheOutputLog() throws Exception {
    List<Received> gaps = mqtt.subscribe("tern/v1/gaps/#");
    MqttClient device = mqtt.connect(DEVICE);
    byte[] report =
        TelemetryBatch.newBuilder()
            .setDeviceId(DEVICE)
            .setStreamEpoch(42)
            .addGaps(
                Gap.newBuilder()
                    .setFirstSeq(100)
                    .setLastSeq(149)
                    .setReason(GapReason.GAP_REASON_BUDGET_BYTES))
            .build()
            .toByteArray();

    assertThat(MqttTestClients.publish(device, "tern/v1/telemetry/" + DEVICE, report)).isZero();
    assertThat(MqttTestClients.publish(device, "tern/v1/telemetry/" + DEVICE, report)).isZero();
    publish(device, DEVICE, 120, T0, List.of(21.0)); // a seq of the gap: a duplicate now

    await().atMost(Duration.ofSeconds(30)).until(() -> gateway.stats().batches() == 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> gaps.size() == 1);
    JsonNode gap = JSON.readTree(gaps.get(0).message().getPayload());
    assertThat(gaps.get(0).topic()).isEqualTo("tern/v1/gaps/dev-1");
    assertThat(gap.get("id").asText()).isEqualTo("dev-1/000000000000002a/100-149");
    assertThat(gap.get("readings").asLong()).isEqualTo(50);
    assertThat(gap.get("reason").asText()).isEqualTo("BUDGET_BYTES");
    assertThat(gateway.stats().duplicates()).isEqualTo(1);

    Path outputLog = gateway.outputLogDir();
    gateway.close();
    assertThat(readOutputLog(outputLog).stream().filter(GatewayOutput::hasGap))
        .extracting(o -> o.getGap().getId())
        .containsExactly("dev-1/000000000000002a/100-149");
    assertThat(gaps).hasSize(1);
  }

  @Test
  void undecodableTelemetry_isRejectedAndCounted() throws Exception {
    MqttClient device = mqtt.connect("bad-1");
    MqttMessage garbage = new MqttMessage(new byte[] {(byte) 0xff, 1, 2});
    garbage.setQos(1);
    IMqttToken token = device.getTopic("tern/v1/telemetry/bad-1").publish(garbage);
    token.waitForCompletion(10_000);
    assertThat(token.getReasonCodes()).containsExactly(0x99); // Payload format invalid
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.stats().decodeErrors() == 1);
    assertThat(gateway.stats().batches()).isZero();
  }

  private String http(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.httpPort() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static List<GatewayOutput> readOutputLog(Path dir) throws Exception {
    List<GatewayOutput> outputs = new ArrayList<>();
    try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile()).build();
        ExcerptTailer tailer = queue.createTailer()) {
      Bytes<?> bytes = Bytes.allocateElasticOnHeap();
      while (tailer.readBytes(bytes)) {
        outputs.add(GatewayOutput.parseFrom(bytes.toByteArray()));
        bytes.clear();
      }
    }
    return outputs;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Map<String, String> userProperties(MqttMessage message) {
    Map<String, String> properties = new java.util.HashMap<>();
    for (UserProperty p : message.getProperties().getUserProperties()) {
      properties.put(p.getKey(), p.getValue());
    }
    return properties;
  }

  private static void publish(
      MqttClient device, String deviceId, long baseSeq, long baseTimeMs, List<Double> values)
      throws MqttException {
    byte[] batch = MqttTestClients.temperatureBatch(deviceId, baseSeq, baseTimeMs, values);
    assertThat(MqttTestClients.publish(device, "tern/v1/telemetry/" + deviceId, batch)).isZero();
  }
}
