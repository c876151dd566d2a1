package io.tern.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code tern.gateway.limits.*} keys bind as docs/security.md says; bad values name the key.
 */
class LimitsConfigBindingTest {

  static LimitsConfig bind(Map<String, Object> properties) {
    try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
      return context.getBean(LimitsConfig.class);
    }
  }

  @Test
  void defaults() {
    LimitsConfig limits = bind(Map.of());

    assertThat(limits.maxPacketSize()).isEqualTo(1024 * 1024);
    assertThat(limits.publishRate()).isEqualTo(200);
    assertThat(limits.publishBurst()).isEqualTo(400);
    assertThat(limits.maxInFlight()).isEqualTo(100);
    assertThat(limits.connectRate()).isEqualTo(500);
    assertThat(limits.connectBurst()).isEqualTo(1000);
    assertThat(limits.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.maxConnections()).isEqualTo(20_000);
    assertThat(limits.maxClientIdLength()).isEqualTo(256);
    assertThat(limits.maxTopicLength()).isEqualTo(1024);
    assertThat(limits.floodDisconnectAfter()).isEqualTo(400 + 100);
    assertThat(limits.floodCooldown()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.maxSessionExpiry()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void keysBind_andAnExplicitBurstWins() {
    LimitsConfig limits =
        bind(
            Map.of(
                "tern.gateway.limits.max-packet-size", "64KB",
                "tern.gateway.limits.publish-rate", "50",
                "tern.gateway.limits.connect-rate", "0",
                "tern.gateway.limits.connect-burst", "7",
                "tern.gateway.limits.connect-timeout", "500ms",
                "tern.gateway.limits.max-connections", "3",
                "tern.gateway.limits.flood-disconnect-after", "0",
                "tern.gateway.limits.flood-cooldown", "1m",
                "tern.gateway.limits.max-session-expiry", "0s"));

    assertThat(limits.maxPacketSize()).isEqualTo(64 * 1024);
    assertThat(limits.publishBurst()).isEqualTo(100);
    assertThat(limits.limitsConnectRate()).isFalse();
    assertThat(limits.connectBurst()).isEqualTo(7);
    assertThat(limits.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(limits.maxConnections()).isEqualTo(3);
    assertThat(limits.disconnectsFlooders()).isFalse();
    assertThat(limits.floodCooldown()).isEqualTo(Duration.ofMinutes(1));
    assertThat(limits.maxSessionExpiry()).isZero();
  }

  @Test
  void invalidValues_areRefused_namingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("tern.gateway.limits.publish-rate", "-1")))
        .hasRootCauseMessage(
            "tern.gateway.limits.publish-rate must not be negative (0 = no limit), was -1");
    assertThatThrownBy(() -> bind(Map.of("tern.gateway.limits.max-in-flight", "0")))
        .hasRootCauseMessage("tern.gateway.limits.max-in-flight must be 1..65535, was 0");
    assertThatThrownBy(() -> bind(Map.of("tern.gateway.limits.max-packet-size", "1GB")))
        .hasRootCauseMessage(
            "tern.gateway.limits.max-packet-size must be 64 B..256 MiB, was 1073741824");
    assertThatThrownBy(() -> bind(Map.of("tern.gateway.limits.flood-disconnect-after", "-1")))
        .hasRootCauseMessage(
            "tern.gateway.limits.flood-disconnect-after must not be negative (0 = never), was -1");
    assertThatThrownBy(() -> bind(Map.of("tern.gateway.limits.flood-cooldown", "2d")))
        .hasRootCauseMessage(
            "tern.gateway.limits.flood-cooldown must be 0..1d (0 = none), was PT48H");
    assertThatThrownBy(() -> bind(Map.of("tern.gateway.limits.max-session-expiry", "1500ms")))
        .hasRootCauseMessage(
            "tern.gateway.limits.max-session-expiry must be whole seconds, 0s..4294967295s,"
                + " was PT1.5S");
    assertThatThrownBy(() -> bind(Map.of("tern.gateway.limits.max-session-expiry", "-1s")))
        .hasRootCauseMessage(
            "tern.gateway.limits.max-session-expiry must be whole seconds, 0s..4294967295s,"
                + " was PT-1S");
  }
}
