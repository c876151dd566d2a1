package io.tern.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import io.tern.sim.labels.JsonlLabelWriter;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.scenario.ScenarioLoader;
import io.tern.sim.signal.AnomalyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped smoke scenario against a real HiveMQ CE broker: every reading is acknowledged and
 * every injected anomaly is written to the labels file.
 */
class ScenarioFleetIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> readLabels(Path file) throws IOException {
    List<JsonNode> labels = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      labels.add(JSON.readTree(line));
    }
    return labels;
  }

  @Test
  void smokeScenario_everyReadingAcked_labelsWritten(@TempDir Path dir) throws Exception {
    Scenario smoke = ScenarioLoader.load(Path.of("scenarios/smoke.yaml"));
    Path labelsFile = dir.resolve("out/labels.jsonl");
    long anomalies;
    try (EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("broker")).start();
        TelemetrySubscriber subscriber = new TelemetrySubscriber(broker.uri(), "scenario-it")) {
      FleetStats snapshot;
      try (JsonlLabelWriter labels = new JsonlLabelWriter(labelsFile);
          Fleet fleet =
              Fleet.start(
                  smoke, broker.uri(), dir.resolve("agents"), InstantSource.system(), labels)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> fleet.stats().readings() >= 200 && fleet.stats().spikesInjected() >= 3);
        snapshot = fleet.stats();
        FleetStats recorded = snapshot;
        // Acks are cumulative per device: once acked reaches what was recorded, all of it is acked.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> fleet.stats().readingsAcked() >= recorded.readings());
        assertThat(snapshot.devices()).isEqualTo(3);
      }
      long recorded = snapshot.readings();
      anomalies = snapshot.spikesInjected();
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.readings.size() >= recorded);
      Set<String> devices =
          subscriber.readings.keySet().stream()
              .map(key -> key.substring(0, key.indexOf('/')))
              .collect(Collectors.toSet());
      assertThat(devices)
          .containsExactlyInAnyOrder("thermostat-0001", "thermostat-0002", "pump-0001");
      assertThat(subscriber.errors).isEmpty();
    }

    List<JsonNode> labels = readLabels(labelsFile);
    assertThat(labels).hasSizeGreaterThanOrEqualTo((int) anomalies);
    Set<String> kinds =
        Set.of(AnomalyKind.values()).stream()
            .map(AnomalyKind::yamlName)
            .collect(Collectors.toSet());
    assertThat(labels)
        .allSatisfy(
            label -> {
              assertThat(label.get("deviceId").asText())
                  .isIn("thermostat-0001", "thermostat-0002", "pump-0001");
              assertThat(label.get("metric").asText())
                  .isIn("temperature_c", "humidity_pct", "vibration_rms_mm_s");
              assertThat(label.get("kind").asText()).isIn(kinds);
              assertThat(label.get("endMs").asLong())
                  .isGreaterThanOrEqualTo(label.get("startMs").asLong());
            });
  }
}
