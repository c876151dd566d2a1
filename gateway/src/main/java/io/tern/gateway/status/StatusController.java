package io.tern.gateway.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;

/** HTTP API: thin, delegates to {@link StatusService}. Called on Micronaut's HTTP threads. */
@Controller
public final class StatusController {
  /** Content type of the Prometheus text exposition format. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final StatusService status;

  public StatusController(StatusService status) {
    this.status = status;
  }

  @Get(uri = "/api/status", produces = MediaType.APPLICATION_JSON)
  public byte[] status() {
    return status.statusJson();
  }

  @Get(uri = "/api/alerts/active", produces = MediaType.APPLICATION_JSON)
  public byte[] activeAlerts() {
    return status.activeAlertsJson();
  }

  @Get(uri = "/api/devices", produces = MediaType.APPLICATION_JSON)
  public byte[] devices() {
    return status.devicesJson();
  }

  @Get(uri = "/api/rollups/latest", produces = MediaType.APPLICATION_JSON)
  public byte[] latestRollups(
      @Nullable @QueryValue String deviceId, @Nullable @QueryValue String metric) {
    return status.latestRollupsJson(deviceId, metric);
  }

  @Get(uri = "/metrics", produces = PROMETHEUS_TEXT)
  public String metrics() {
    return status.prometheusText();
  }

  @Get(uri = "/", produces = MediaType.TEXT_HTML)
  public String page() {
    return status.statusPage();
  }
}
