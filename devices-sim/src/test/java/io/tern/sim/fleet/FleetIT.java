package io.tern.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import io.tern.sim.signal.MetricProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small fleet against a real HiveMQ CE broker: every simulated reading is acknowledged. */
class FleetIT {

  @Test
  void fleet_publishesEveryReadingOfEveryDevice(@TempDir Path dir) throws Exception {
    try (EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("broker")).start();
        TelemetrySubscriber subscriber = new TelemetrySubscriber(broker.uri(), "fleet-it")) {
      FleetConfig config =
          new FleetConfig(
              3,
              "fleet",
              broker.uri(),
              dir.resolve("agents"),
              Duration.ofMillis(20),
              MetricProfile.defaults(),
              0.05,
              1L);
      FleetStats stats;
      try (Fleet fleet = Fleet.start(config, InstantSource.system())) {
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.stats().readings() >= 300);
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.stats().devicesConnected() == 3);
        stats = fleet.stats();
      }
      FleetStats closing = stats;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> subscriber.readings.size() >= closing.readings());

      Set<String> devices =
          subscriber.readings.keySet().stream()
              .map(key -> key.substring(0, key.indexOf('/')))
              .collect(Collectors.toSet());
      assertThat(devices).containsExactlyInAnyOrder("fleet-0001", "fleet-0002", "fleet-0003");
      assertThat(stats.spikesInjected()).isPositive();
    }
  }
}
