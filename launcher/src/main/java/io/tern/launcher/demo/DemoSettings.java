package io.tern.launcher.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the demo pipeline is made of. Port 0 means "any free port" (tests); the demo uses the
 * well-known ports so that standard tools work without flags.
 */
public record DemoSettings(
    Path dataDir,
    int mqttPort,
    int httpPort,
    int kafkaPort,
    int devices,
    Duration sampleInterval,
    double spikeProbability,
    Duration rollupWindow,
    long seed) {

  public DemoSettings {
    if (devices < 1) {
      throw new IllegalArgumentException("devices must be >= 1, was " + devices);
    }
  }

  public Path kafkaDir() {
    return dataDir.resolve("kafka");
  }

  public Path gatewayDir() {
    return dataDir.resolve("gateway");
  }

  public Path agentsDir() {
    return dataDir.resolve("agents");
  }
}
