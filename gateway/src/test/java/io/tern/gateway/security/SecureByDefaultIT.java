package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.Gateway;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.TestGateways;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's start refuses an open listener on the network unless told otherwise. */
class SecureByDefaultIT {
  @TempDir Path dataDir;

  @Test
  void anyAddress_withoutCredentials_refusesToStart() {
    assertThatThrownBy(
            () -> TestGateways.start(dataDir, Map.of("tern.gateway.mqtt-bind-address", "0.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid configuration: MQTT would listen on 0.0.0.0");
  }

  @Test
  void missingCredentialsFile_refusesToStart() {
    Path missing = dataDir.resolve("nope");
    assertThatThrownBy(
            () ->
                TestGateways.start(
                    dataDir, Map.of("tern.gateway.credentials-file", missing.toString())))
        .hasMessage(
            "invalid configuration: tern.gateway.credentials-file "
                + missing
                + " does not exist (create it with 'tern gateway devices add NAME --credentials "
                + missing
                + "')");
  }

  @Test
  void anyAddress_allowedAnonymous_acceptsAnyone() throws Exception {
    try (Gateway gateway =
            TestGateways.start(
                dataDir,
                Map.of(
                    "tern.gateway.mqtt-bind-address",
                    "0.0.0.0",
                    "tern.gateway.allow-anonymous",
                    "true"));
        MqttTestClients mqtt = new MqttTestClients(gateway::mqttPort)) {
      assertThat(mqtt.connect("anyone").isConnected()).isTrue();
    }
  }
}
