package io.tern.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private static final Path DIR = Path.of("data");

  @Test
  void defaults_areDocumentedValues() {
    AgentConfig config = AgentConfig.defaults("dev_1-A", "tcp://localhost:1883", DIR);
    assertThat(config.batchMaxReadings()).isEqualTo(100);
    assertThat(config.linger()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.maxInFlight()).isEqualTo(8);
  }

  @Test
  void deviceId_mustBeTopicSafe() {
    for (String bad : new String[] {"", "a/b", "a+b", "a#", "a b", "x".repeat(65)}) {
      assertThatThrownBy(() -> AgentConfig.defaults(bad, "tcp://localhost:1883", DIR))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid device id");
    }
    assertThat(AgentConfig.defaults("x".repeat(64), "tcp://h:1", DIR).deviceId()).hasSize(64);
  }

  @Test
  void brokerUri_needsSchemeAndHost() {
    for (String bad : new String[] {"localhost:1883", "http://h:1", "tcp://", "tcp:// bad"}) {
      assertThatThrownBy(() -> AgentConfig.defaults("d", bad, DIR))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid broker URI");
    }
  }

  @Test
  void limits_areChecked() {
    assertThatThrownBy(() -> new AgentConfig("d", "tcp://h:1", DIR, 0, Duration.ZERO, 8))
        .hasMessageContaining("batchMaxReadings");
    assertThatThrownBy(() -> new AgentConfig("d", "tcp://h:1", DIR, 10, Duration.ofMillis(-1), 8))
        .hasMessageContaining("linger");
    assertThatThrownBy(() -> new AgentConfig("d", "tcp://h:1", DIR, 10, Duration.ZERO, 0))
        .hasMessageContaining("maxInFlight");
  }
}
