package io.tern.gateway.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.tern.gateway.health.GatewayHealth.Health;
import io.tern.gateway.output.JsonOutput;

/**
 * {@code GET /health}: 200 {@code {"status":"UP","down":[]}}, or 503 {@code
 * {"status":"DOWN","down":["pipeline"]}} naming what is not running. Called on Micronaut's HTTP
 * threads.
 */
@Controller
public final class HealthController {
  private final GatewayHealth health;

  public HealthController(GatewayHealth health) {
    this.health = health;
  }

  @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> health() {
    Health result = health.check();
    return HttpResponse.<byte[]>status(result.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(JsonOutput.value(result));
  }
}
