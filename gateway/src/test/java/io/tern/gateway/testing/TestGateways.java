package io.tern.gateway.testing;

import io.tern.gateway.Gateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts a real gateway for a test: free MQTT and HTTP ports, data under the test's folder. */
public final class TestGateways {

  private TestGateways() {}

  /**
   * {@code overrides} are further Micronaut properties, e.g. {@code tern.gateway.rollup-window}.
   */
  public static Gateway start(Path dataDir, Map<String, Object> overrides) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("tern.gateway.mqtt-port", 0);
    properties.put("micronaut.server.port", 0);
    properties.put("tern.gateway.data-dir", dataDir.toString());
    properties.putAll(overrides);
    return Gateway.start(properties);
  }

  /**
   * {@code tern_gateway_security_refusals_total{packet, reason}} as scraped from the gateway's
   * Prometheus endpoint; 0 if not counted yet.
   */
  public static long refusals(Gateway gateway, String packet, String reason)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + gateway.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String prefix =
        "tern_gateway_security_refusals_total{packet=\""
            + packet
            + "\",reason=\""
            + reason
            + "\"} ";
    return response
        .body()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> (long) Double.parseDouble(line.substring(prefix.length())))
        .findFirst()
        .orElse(0L);
  }
}
