package io.tern.gateway.status;

import io.tern.gateway.output.JsonOutput;
import jakarta.inject.Singleton;

/** What the HTTP API shows: status counters, active alerts, a small status page. Thread-safe. */
@Singleton
public final class StatusService {
  private final GatewayMetrics metrics;
  private final ActiveAlerts activeAlerts;

  public StatusService(GatewayMetrics metrics, ActiveAlerts activeAlerts) {
    this.metrics = metrics;
    this.activeAlerts = activeAlerts;
  }

  /** The counters as a JSON object (the fields of {@link io.tern.gateway.GatewayStats}). */
  public byte[] statusJson() {
    return JsonOutput.value(metrics.snapshot());
  }

  /** The active alerts as a JSON array of alert objects (same fields as on MQTT). */
  public byte[] activeAlertsJson() {
    return JsonOutput.alerts(activeAlerts.list());
  }

  /** A self-refreshing HTML page with the counters and active alerts. */
  public String statusPage() {
    return StatusPage.render(metrics.snapshot(), activeAlerts.list());
  }
}
