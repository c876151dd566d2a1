package io.tern.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway's configuration, bound from {@code tern.gateway.*} (properties, {@code
 * application.yml}, environment variables such as {@code TERN_GATEWAY_MQTT_PORT}). The HTTP port is
 * Micronaut's {@code micronaut.server.port}. Every key and default is listed in the README.
 *
 * @param mqttPort MQTT listener port; 0 picks a free port
 * @param mqttBindAddress address the MQTT listener binds to
 * @param dataDir folder for the broker's files and the output log
 * @param rollupWindow size of the tumbling event-time rollup windows
 * @param grace how long (event time) a window waits for out-of-order readings after its end
 * @param spikeThreshold robust deviations from the baseline that raise a spike alert
 */
@ConfigurationProperties("tern.gateway")
public record GatewayConfig(
    @Bindable(defaultValue = "1883") int mqttPort,
    @Bindable(defaultValue = "0.0.0.0") String mqttBindAddress,
    @Bindable(defaultValue = ".tern/gateway") Path dataDir,
    @Bindable(defaultValue = "10s") Duration rollupWindow,
    @Bindable(defaultValue = "2s") Duration grace,
    @Bindable(defaultValue = "6.0") double spikeThreshold) {

  public GatewayConfig {
    if (mqttPort < 0 || mqttPort > 65_535) {
      throw new IllegalArgumentException(
          "tern.gateway.mqtt-port must be 0..65535 (0 = any free port), was " + mqttPort);
    }
    if (rollupWindow.isNegative() || rollupWindow.isZero()) {
      throw new IllegalArgumentException(
          "tern.gateway.rollup-window must be positive, was " + rollupWindow);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("tern.gateway.grace must not be negative, was " + grace);
    }
    if (!(spikeThreshold > 0)) {
      throw new IllegalArgumentException(
          "tern.gateway.spike-threshold must be positive, was " + spikeThreshold);
    }
  }
}
