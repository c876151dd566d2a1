package io.tern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.gateway.status.GatewayStats;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.TestGateways;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real gateway after good, duplicate, late and bad telemetry: {@code /health},
 * {@code /metrics} (Prometheus), {@code /api/devices}, {@code /api/rollups/latest}, {@code
 * /api/status}.
 */
class StatusApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  private Gateway gateway;
  private final MqttTestClients mqtt = new MqttTestClients(() -> gateway.mqttPort());

  @BeforeEach
  void startGateway() {
    gateway =
        TestGateways.start(
            dataDir,
            Map.of(
                "tern.gateway.max-event-age",
                "36500d", // T0 is in 2023
                "tern.gateway.rollup-window",
                "10s",
                "tern.gateway.rollup-idle-timeout",
                "1h")); // no idle close during the test
  }

  @AfterEach
  void stop() throws MqttException {
    mqtt.close();
    gateway.close();
  }

  @Test
  void api_reportsCountsDevicesAndLatestRollups_afterGoodDuplicateLateAndBadData()
      throws Exception {
    MqttClient device = mqtt.connect("dev-1");
    // Readings seq n at T0 + n s: 0..19 in two batches, then 0..9 again (10 duplicates).
    publish(device, 0, 0, values(10, 20.0), 0);
    publish(device, 10, 10_000, values(10, 20.0), 0);
    publish(device, 0, 0, values(10, 20.0), 0);
    // seq 20..22 at T0 + 20..22 s, the middle one NaN (one dead letter, two accepted readings).
    // Watermark T0 + 22 s closes [T0, T0 + 10 s) and [T0 + 10 s, T0 + 20 s).
    publish(device, 20, 20_000, List.of(30.0, Double.NaN, 32.0), 0);
    // seq 23 at T0 + 5 s: late, revises [T0, T0 + 10 s) (revision 1).
    publish(device, 23, 5_000, List.of(99.0), 0);
    MqttClient bad = mqtt.connect("bad-1");
    MqttMessage garbage = new MqttMessage(new byte[] {(byte) 0xff, 1, 2});
    garbage.setQos(1);
    bad.getTopic("tern/v1/telemetry/bad-1").publish(garbage).waitForCompletion(10_000);

    await().atMost(PATIENCE).until(() -> gateway.stats().batches() == 5);
    assertThat(gateway.stats()).isEqualTo(new GatewayStats(1, 5, 33, 1, 3, 0, 0, 10, 2, 1));

    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(get("/health").body()).get("status").asText()).isEqualTo("UP");

    HttpResponse<String> metricsResponse = get("/metrics");
    assertThat(metricsResponse.statusCode()).isEqualTo(200);
    assertThat(metricsResponse.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/plain");
    String metrics = metricsResponse.body();
    assertThat(sample(metrics, "tern_gateway_batches_total")).isEqualTo(5);
    assertThat(sample(metrics, "tern_gateway_readings_total")).isEqualTo(33);
    assertThat(sample(metrics, "tern_gateway_duplicates_total")).isEqualTo(10);
    assertThat(sample(metrics, "tern_gateway_dead_letters_total{reason=\"NON_FINITE_VALUE\"}"))
        .isEqualTo(1);
    assertThat(sample(metrics, "tern_gateway_dead_letters_total{reason=\"DECODE_ERROR\"}"))
        .isEqualTo(1);
    assertThat(sample(metrics, "tern_gateway_dead_letters_total{reason=\"OVERSIZED_BATCH\"}"))
        .isZero();
    assertThat(sample(metrics, "tern_gateway_late_readings_total")).isEqualTo(1);
    assertThat(sample(metrics, "tern_gateway_rollup_revisions_total")).isEqualTo(1);
    assertThat(sample(metrics, "tern_gateway_late_dropped_total")).isZero();
    assertThat(sample(metrics, "tern_gateway_windows_open")).as("[T0+20s, T0+30s)").isEqualTo(1);
    assertThat(sample(metrics, "tern_gateway_journal_queue_depth")).isZero();
    assertThat(sample(metrics, "tern_gateway_journal_queue_capacity")).isPositive();
    // At rest the pipeline has caught up but for the clock tick journaled every second.
    assertThat(sample(metrics, "tern_gateway_journal_lag")).isBetween(0.0, 2.0);
    assertThat(sample(metrics, "tern_gateway_journal_group_count")).isPositive();

    JsonNode devices = JSON.readTree(get("/api/devices").body()).get("devices");
    assertThat(devices).hasSize(2);
    JsonNode badDevice = devices.get(0);
    assertThat(badDevice.get("deviceId").asText()).isEqualTo("bad-1");
    assertThat(badDevice.get("deadLetters").asLong()).isEqualTo(1);
    assertThat(badDevice.get("readingsAccepted").asLong()).isZero();
    assertThat(badDevice.get("lastSeenMs").isNull()).isTrue();
    JsonNode good = devices.get(1);
    assertThat(good.get("deviceId").asText()).isEqualTo("dev-1");
    assertThat(good.get("readingsAccepted").asLong()).isEqualTo(23);
    assertThat(good.get("duplicates").asLong()).isEqualTo(10);
    assertThat(good.get("deadLetters").asLong()).isEqualTo(1);
    assertThat(good.get("watermarkMs").asLong()).isEqualTo(T0 + 22_000);
    assertThat(good.get("watermark").asText()).isEqualTo("2023-11-14T22:13:42Z");
    assertThat(good.get("lastSeenMs").asLong()).isPositive();

    JsonNode rollups = JSON.readTree(get("/api/rollups/latest?deviceId=dev-1").body());
    assertThat(rollups).hasSize(1);
    JsonNode latest = rollups.get(0);
    assertThat(latest.get("id").asText())
        .isEqualTo("dev-1/temperature/" + (T0 + 10_000) + "/10000");
    assertThat(latest.get("count").asLong()).isEqualTo(10);
    assertThat(latest.get("revision").asInt())
        .as("the revision of the older window does not replace the latest one")
        .isZero();
    assertThat(JSON.readTree(get("/api/rollups/latest?deviceId=dev-1&metric=humidity").body()))
        .isEmpty();
    assertThat(JSON.readTree(get("/api/rollups/latest?metric=temperature").body())).hasSize(1);
    assertThat(JSON.readTree(get("/api/rollups/latest?deviceId=nobody").body())).isEmpty();

    JsonNode status = JSON.readTree(get("/api/status").body());
    assertThat(status.get("duplicates").asLong()).isEqualTo(10);
    assertThat(status.get("deadLetters").asLong()).isEqualTo(2);
    assertThat(status.get("lateReadings").asLong()).isEqualTo(1);
    assertThat(get("/").body()).contains("duplicates", "dead letters", "/metrics");
  }

  private static List<Double> values(int count, double value) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(value + i);
    }
    return values;
  }

  /** The value of one sample line of the Prometheus text, e.g. {@code name{tag="x"} 1.0}. */
  private static double sample(String text, String series) {
    return text.lines()
        .filter(line -> line.startsWith(series + " "))
        .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + text));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void publish(
      MqttClient device, long baseSeq, long offsetMs, List<Double> values, int expectedAck)
      throws MqttException {
    byte[] batch = MqttTestClients.temperatureBatch("dev-1", baseSeq, T0 + offsetMs, values);
    assertThat(MqttTestClients.publish(device, "tern/v1/telemetry/dev-1", batch))
        .isEqualTo(expectedAck);
  }
}
