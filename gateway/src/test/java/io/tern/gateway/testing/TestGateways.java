package io.tern.gateway.testing;

import io.tern.gateway.Gateway;
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
}
