package io.tern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.MqttTestClients.Received;
import io.tern.gateway.testing.TestGateways;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device status messages: the MQTT will raises the device's OFFLINE alert at once. One gateway for
 * the class; each test uses its own devices and counts what changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceStatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEVICE = "dev-will";
  private static final int DISCONNECT_WITH_WILL = 0x04;

  @TempDir static Path dataDir;

  private Gateway gateway;
  private MqttTestClients mqtt;

  @BeforeAll
  void startGateway() {
    gateway = TestGateways.start(dataDir, Map.of());
  }

  @BeforeEach
  void clients() {
    mqtt = new MqttTestClients(gateway::mqttPort);
  }

  @AfterEach
  void closeClients() throws MqttException {
    mqtt.close();
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void will_raisesTheDevicesOfflineAlert_andTheNextReadingClearsIt() throws Exception {
    List<Received> alerts = mqtt.subscribe("tern/v1/alerts/" + DEVICE + "/#");
    List<Received> statuses = mqtt.subscribe("tern/v1/status/" + DEVICE);
    long readingsBefore = gateway.stats().readings();
    MqttAsyncClient device = connectWithWill();
    long now = System.currentTimeMillis();
    publish(device, 0, now - 3000, List.of(21.0, 21.1, 21.0));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> gateway.stats().readings() - readingsBefore == 3);
    assertThat(alerts).isEmpty();

    device.disconnect(5_000, null, null, DISCONNECT_WITH_WILL, null).waitForCompletion(10_000);

    await().atMost(Duration.ofSeconds(20)).until(() -> !statuses.isEmpty());
    await().atMost(Duration.ofSeconds(20)).until(() -> alerts.size() == 1);
    JsonNode raised = JSON.readTree(alerts.get(0).message().getPayload());
    assertThat(alerts.get(0).topic()).isEqualTo("tern/v1/alerts/dev-will/_device");
    assertThat(raised.get("kind").asText()).isEqualTo("OFFLINE");
    assertThat(raised.get("state").asText()).isEqualTo("RAISED");
    assertThat(raised.get("message").asText()).startsWith("device offline: its agent said so");
    assertThat(statuses).as("the will still reaches subscribers").isNotEmpty();

    MqttAsyncClient back = connectWithWill();
    publish(back, 3, System.currentTimeMillis(), List.of(21.2));
    await().atMost(Duration.ofSeconds(20)).until(() -> alerts.size() == 2);
    JsonNode cleared = JSON.readTree(alerts.get(1).message().getPayload());
    assertThat(cleared.get("state").asText()).isEqualTo("CLEARED");
    assertThat(cleared.get("id").asText()).isEqualTo(raised.get("id").asText());
    back.disconnect().waitForCompletion(10_000);
    back.close();
  }

  @Test
  void spoofedOrMalformedStatus_isRefusedAndDeadLettered() throws Exception {
    List<Received> deadLetters = mqtt.subscribe("tern/v1/dlq/#");
    MqttClient other = mqtt.connect("dev-other");

    assertThat(
            MqttTestClients.publish(
                other, "tern/v1/status/victim", MqttTestClients.offlineStatus("dev-other")))
        .isEqualTo(0x99);
    assertThat(MqttTestClients.publish(other, "tern/v1/status/dev-other", new byte[] {(byte) 0xff}))
        .isEqualTo(0x99);

    await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.size() == 2);
    assertThat(new String(deadLetters.get(0).message().getPayload(), "UTF-8"))
        .contains("DEVICE_ID_MISMATCH");
    assertThat(new String(deadLetters.get(1).message().getPayload(), "UTF-8"))
        .contains("DECODE_ERROR");
  }

  private MqttAsyncClient connectWithWill() throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            "tcp://localhost:" + gateway.mqttPort(), DEVICE, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    MqttMessage will = new MqttMessage(MqttTestClients.offlineStatus(DEVICE));
    will.setQos(1);
    will.setRetained(true);
    options.setWill("tern/v1/status/" + DEVICE, will);
    client.connect(options).waitForCompletion(10_000);
    return client;
  }

  private static void publish(
      MqttAsyncClient device, long baseSeq, long baseTimeMs, List<Double> values)
      throws MqttException {
    MqttMessage message =
        new MqttMessage(MqttTestClients.temperatureBatch(DEVICE, baseSeq, baseTimeMs, values));
    message.setQos(1);
    device.publish("tern/v1/telemetry/" + DEVICE, message).waitForCompletion(10_000);
  }
}
