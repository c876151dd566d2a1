package io.tern.gateway.status;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tern.gateway.device.DeviceActivity;
import io.tern.gateway.device.DeviceTracker;
import io.tern.gateway.device.LatestRollups;
import io.tern.gateway.output.JsonOutput;
import io.tern.gateway.output.OutputLogRetention;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/**
 * What the HTTP API shows: status counters, active alerts, devices, latest rollups, Prometheus
 * metrics and a small status page. Thread-safe.
 */
@Singleton
public final class StatusService {
  private final GatewayMetrics metrics;
  private final ActiveAlerts activeAlerts;
  private final DeviceTracker devices;
  private final LatestRollups latestRollups;
  private final PrometheusMeterRegistry registry;
  private final OutputLogRetention outputLog;

  public StatusService(
      GatewayMetrics metrics,
      ActiveAlerts activeAlerts,
      DeviceTracker devices,
      LatestRollups latestRollups,
      PrometheusMeterRegistry registry,
      OutputLogRetention outputLog) {
    this.metrics = metrics;
    this.outputLog = outputLog;
    this.activeAlerts = activeAlerts;
    this.devices = devices;
    this.latestRollups = latestRollups;
    this.registry = registry;
  }

  /**
   * The counters as a JSON object (the fields of {@link GatewayStats}) with {@code "outputLog"}:
   * the output log's size, evictions and consumer lag.
   */
  public byte[] statusJson() {
    return JsonOutput.valueWith(metrics.snapshot(), "outputLog", outputLog.status());
  }

  /** The active alerts as a JSON array of alert objects (same fields as on MQTT). */
  public byte[] activeAlertsJson() {
    return JsonOutput.alerts(activeAlerts.list());
  }

  /** {@code {"devices":[...],"forgotten":N}}: per-device activity, by device id. */
  public byte[] devicesJson() {
    List<DeviceJson> list = devices.list().stream().map(DeviceJson::of).toList();
    return JsonOutput.value(new DevicesJson(list, devices.forgotten()));
  }

  /** The latest rollup per device, metric and window size, as a JSON array (MQTT fields). */
  public byte[] latestRollupsJson(String deviceId, String metric) {
    return JsonOutput.rollups(latestRollups.latest(blankToNull(deviceId), blankToNull(metric)));
  }

  /** The gateway's meters in the Prometheus text format. */
  public String prometheusText() {
    return registry.scrape();
  }

  /** A self-refreshing HTML page with the counters and active alerts. */
  public String statusPage() {
    return StatusPage.render(metrics.snapshot(), activeAlerts.list());
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  record DevicesJson(List<DeviceJson> devices, long forgotten) {}

  /** One device; times also as ISO-8601 UTC; null where unknown. */
  record DeviceJson(
      String deviceId,
      Long lastSeenMs,
      String lastSeen,
      Long watermarkMs,
      String watermark,
      long readingsAccepted,
      long duplicates,
      long deadLetters) {
    static DeviceJson of(DeviceActivity d) {
      return new DeviceJson(
          d.deviceId(),
          d.lastSeenMs(),
          iso(d.lastSeenMs()),
          d.watermarkMs(),
          iso(d.watermarkMs()),
          d.readingsAccepted(),
          d.duplicates(),
          d.deadLetters());
    }

    private static String iso(Long epochMs) {
      return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
    }
  }
}
