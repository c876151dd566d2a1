package io.tern.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.launcher.demo.DemoPipeline;
import io.tern.launcher.demo.DemoSettings;
import io.tern.proto.v1.Rollup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path, with real parts only: simulated devices → real edge agents (Chronicle outbox,
 * Paho MQTT v5) → gateway (embedded HiveMQ CE, in-process ingest, rollups, spike detection) →
 * output log → cloud bridge → in-process Kafka broker. An independent MQTT client must receive
 * alert JSON, and an independent Kafka consumer must read the rollups.
 */
class EndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Received(String topic, String contentType, JsonNode body) {}

  @Test
  void simulatedReadings_reachAnMqttAlertSubscriberAndKafkaRollupConsumer(@TempDir Path dir)
      throws Exception {
    DemoSettings settings =
        new DemoSettings(dir, 0, 0, 0, 3, Duration.ofMillis(50), 0.01, Duration.ofSeconds(2), 7L);
    List<Received> alerts = new CopyOnWriteArrayList<>();
    List<ConsumerRecord<String, byte[]>> rollups = new CopyOnWriteArrayList<>();

    try (DemoPipeline pipeline = DemoPipeline.start(settings, component -> {})) {
      MqttClient subscriber =
          new MqttClient(
              "tcp://127.0.0.1:" + pipeline.mqttPort(), "e2e-alerts", new MemoryPersistence());
      subscriber.connect(new MqttConnectionOptions());
      // Paho 1.2.5's subscribe(String, int, listener) recurses forever: use the array form.
      subscriber.subscribe(
          new MqttSubscription[] {new MqttSubscription("tern/v1/alerts/#", 1)},
          new IMqttMessageListener[] {
            (topic, message) ->
                alerts.add(
                    new Received(
                        topic,
                        message.getProperties().getContentType(),
                        JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8))))
          });

      try (KafkaConsumer<String, byte[]> consumer = rollupConsumer(pipeline)) {
        consumer.subscribe(List.of("tern.rollups"));
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(200)).forEach(rollups::add);
                  return !rollups.isEmpty() && !alerts.isEmpty();
                });
      }
      subscriber.disconnect();
      subscriber.close();
    }

    Received alert = alerts.get(0);
    assertThat(alert.contentType()).isEqualTo("application/json");
    JsonNode body = alert.body();
    for (String field :
        List.of(
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
            "message")) {
      assertThat(body.has(field)).as("alert JSON has field %s: %s", field, body).isTrue();
    }
    assertThat(alert.topic())
        .isEqualTo(
            "tern/v1/alerts/" + body.get("deviceId").asText() + "/" + body.get("metric").asText());
    assertThat(body.get("deviceId").asText()).matches("sim-000[1-3]");
    assertThat(body.get("kind").asText()).isEqualTo("SPIKE");
    assertThat(body.get("state").asText()).isIn("RAISED", "CLEARED");
    assertThat(body.get("eventTimeMs").asLong()).isPositive();

    ConsumerRecord<String, byte[]> record = rollups.get(0);
    Rollup rollup = Rollup.parseFrom(record.value());
    assertThat(record.key()).isEqualTo(rollup.getDeviceId()).matches("sim-000[1-3]");
    assertThat(rollup.getCount()).isPositive();
    assertThat(rollup.getMin()).isLessThanOrEqualTo(rollup.getMean());
    assertThat(rollup.getMean()).isLessThanOrEqualTo(rollup.getMax());
    assertThat(rollup.getWindowMs()).isEqualTo(2_000);
    assertThat(rollup.getId())
        .isEqualTo(
            rollup.getDeviceId()
                + "/"
                + rollup.getMetric()
                + "/"
                + rollup.getWindowStartMs()
                + "/"
                + rollup.getWindowMs());
  }

  private static KafkaConsumer<String, byte[]> rollupConsumer(DemoPipeline pipeline) {
    Properties props = new Properties();
    props.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafkaBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "e2e-test",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
