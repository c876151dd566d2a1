package io.tern.bench.ingest;

import io.tern.gateway.Gateway;
import io.tern.gateway.status.GatewayStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Ours: the real gateway in this JVM (embedded HiveMQ CE, validation, dedupe, rollups, detection,
 * output log), on free ports with a temporary data folder. Delivered = its processed-readings
 * counter ({@link GatewayStats#readings()}).
 */
final class GatewayTarget implements IngestTarget {
  private final Gateway gateway;
  private final Path workDir;

  private GatewayTarget(Gateway gateway, Path workDir) {
    this.gateway = gateway;
    this.workDir = workDir;
  }

  static GatewayTarget start(Path workDir) {
    Gateway gateway =
        Gateway.start(
            Map.of(
                "tern.gateway.mqtt-port",
                0,
                "tern.gateway.mqtt-bind-address",
                "127.0.0.1",
                "micronaut.server.port",
                0,
                "tern.gateway.data-dir",
                workDir.toString()));
    return new GatewayTarget(gateway, workDir);
  }

  @Override
  public String label() {
    return "ours";
  }

  @Override
  public String description() {
    return "Tern gateway in this JVM (HiveMQ CE + full pipeline)";
  }

  @Override
  public int mqttPort() {
    return gateway.mqttPort();
  }

  @Override
  public long deliveredReadings() {
    return gateway.stats().readings();
  }

  @Override
  public String notes() {
    GatewayStats stats = gateway.stats();
    return "rollups %d, alerts %d, duplicates %d, dead letters %d, decode errors %d"
        .formatted(
            stats.rollups(),
            stats.alertsRaised(),
            stats.duplicates(),
            stats.deadLetters(),
            stats.decodeErrors());
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } finally {
      try {
        WorkDirs.delete(workDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
