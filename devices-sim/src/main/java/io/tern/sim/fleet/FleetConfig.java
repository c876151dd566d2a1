package io.tern.sim.fleet;

import io.tern.sim.signal.MetricProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A fleet of identical simulated devices, each publishing through its own real edge agent.
 *
 * @param devices number of devices, named {@code devicePrefix-0001} …
 * @param brokerUri MQTT broker of the gateway, e.g. {@code tcp://localhost:1883}
 * @param dataDir parent folder of the agents' outboxes (one sub-folder per device)
 * @param sampleInterval time between two readings of one metric
 * @param spikeProbability chance that a reading is an injected spike
 * @param seed makes runs repeatable
 */
public record FleetConfig(
    int devices,
    String devicePrefix,
    String brokerUri,
    Path dataDir,
    Duration sampleInterval,
    List<MetricProfile> metrics,
    double spikeProbability,
    long seed) {

  public FleetConfig {
    if (devices < 1) {
      throw new IllegalArgumentException("devices must be >= 1, was " + devices);
    }
    if (sampleInterval.toMillis() < 1) {
      throw new IllegalArgumentException("sample interval must be >= 1 ms, was " + sampleInterval);
    }
    metrics = List.copyOf(metrics);
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("at least one metric is needed");
    }
  }

  public static FleetConfig defaults(int devices, String brokerUri, Path dataDir) {
    return new FleetConfig(
        devices,
        "sim",
        brokerUri,
        dataDir,
        Duration.ofMillis(200),
        MetricProfile.defaults(),
        0.002,
        42L);
  }

  public String deviceId(int index) {
    return String.format("%s-%04d", devicePrefix, index + 1);
  }
}
