package io.tern.bench.ingest;

import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.gateway.Gateway;
import io.tern.gateway.status.GatewayStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Ours: the real gateway in this JVM (embedded HiveMQ CE, validation, dedupe, rollups, detection,
 * output log), on free ports with a temporary data folder. Delivered = its processed-readings
 * counter ({@link GatewayStats#readings()}).
 */
public final class GatewayTarget implements IngestTarget {
  private final Gateway gateway;
  private final Path workDir;
  private BenchBridge bridge;

  private GatewayTarget(Gateway gateway, Path workDir) {
    this.gateway = gateway;
    this.workDir = workDir;
  }

  /**
   * The gateway with the cloud bridge beside it (same JVM), delivering its output log to Kafka at
   * {@code bootstrapServers} with {@code delivery}.
   */
  static GatewayTarget startWithBridge(
      Path workDir, String bootstrapServers, DeliveryGuarantee delivery, String bridgeId) {
    GatewayTarget target = start(workDir);
    try {
      target.bridge =
          BenchBridge.start(target.gateway.outputLogDir(), bootstrapServers, delivery, bridgeId);
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
    return target;
  }

  /** The gateway alone, on free ports, with its data in {@code workDir} (deleted on close). */
  public static GatewayTarget start(Path workDir) {
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
    if (bridge == null) {
      return "ours";
    }
    return bridge.mode().startsWith("transactional") ? "ours+bridge(tx)" : "ours+bridge(idem)";
  }

  @Override
  public String description() {
    return "Tern gateway in this JVM (HiveMQ CE + full pipeline)"
        + (bridge == null ? "" : " + cloud bridge (" + bridge.mode() + ") to in-process Kafka");
  }

  @Override
  public void measureStarted() {
    if (bridge != null) {
      bridge.measureStarted();
    }
  }

  @Override
  public void measureEnded() {
    if (bridge != null) {
      bridge.measureEnded();
    }
  }

  @Override
  public void drainDownstream(Duration timeout) {
    if (bridge != null) {
      bridge.drain(timeout);
    }
  }

  @Override
  public int mqttPort() {
    return gateway.mqttPort();
  }

  /** The HTTP API's port. */
  public int httpPort() {
    return gateway.httpPort();
  }

  @Override
  public long deliveredReadings() {
    return gateway.stats().readings();
  }

  @Override
  public String notes() {
    GatewayStats stats = gateway.stats();
    String counters =
        "rollups %d, alerts %d, duplicates %d, dead letters %d, decode errors %d"
            .formatted(
                stats.rollups(),
                stats.alertsRaised(),
                stats.duplicates(),
                stats.deadLetters(),
                stats.decodeErrors());
    return bridge == null ? counters : counters + "; " + bridge.notes();
  }

  @Override
  public void close() {
    try {
      if (bridge != null) {
        bridge.close();
      }
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
