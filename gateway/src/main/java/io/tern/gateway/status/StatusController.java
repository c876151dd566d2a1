package io.tern.gateway.status;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** HTTP API: thin, delegates to {@link StatusService}. Called on Micronaut's HTTP threads. */
@Controller
public final class StatusController {
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

  @Get(uri = "/", produces = MediaType.TEXT_HTML)
  public String page() {
    return status.statusPage();
  }
}
