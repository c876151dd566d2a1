package io.tern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.status.GatewayStats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the gateway when things go wrong. */
class GatewayStartIT {
  @TempDir Path dataDir;

  @Test
  void takenMqttPort_failsWithAClearMessage_andReleasesTheHttpPort() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));

      assertThatThrownBy(
              () ->
                  Gateway.start(
                      Map.of(
                          "tern.gateway.mqtt-port", taken.getLocalPort(),
                          "micronaut.server.port", 0,
                          "tern.gateway.data-dir", dataDir.toString())))
          .hasMessageContaining("cannot listen for MQTT on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void invalidConfiguration_failsWithTheKeyInTheMessage() {
    assertThatThrownBy(
            () ->
                Gateway.start(
                    Map.of(
                        "tern.gateway.mqtt-port",
                        0,
                        "micronaut.server.port",
                        0,
                        "tern.gateway.rollup-window",
                        "0s",
                        "tern.gateway.data-dir",
                        dataDir.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid configuration: tern.gateway.rollup-window must be positive, was PT0S");
  }

  @Test
  void close_isIdempotent_andTheDataDirCanBeReused() {
    Map<String, Object> properties =
        Map.of(
            "tern.gateway.mqtt-port", 0,
            "micronaut.server.port", 0,
            "tern.gateway.data-dir", dataDir.toString());
    Gateway first = Gateway.start(properties);
    first.close();
    first.close();

    try (Gateway second = Gateway.start(properties)) {
      assertThat(second.stats()).isEqualTo(new GatewayStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
      assertThat(second.outputLogDir()).isEqualTo(dataDir.resolve("output"));
    }
  }
}
