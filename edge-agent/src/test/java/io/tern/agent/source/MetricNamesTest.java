package io.tern.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricNamesTest {
  @Test
  void sanitize_keepsValidNames() {
    assertThat(MetricNames.sanitize("cpu.load_1-min")).isEqualTo("cpu.load_1-min");
  }

  @Test
  void sanitize_replacesEachOtherCodePointWithUnderscore() {
    assertThat(MetricNames.sanitize("temp °C")).isEqualTo("temp__C");
    assertThat(MetricNames.sanitize("a/b,c=d")).isEqualTo("a_b_c_d");
    assertThat(MetricNames.sanitize("x\uD83D\uDE00y")).isEqualTo("x_y");
  }

  @Test
  void sanitize_refusesEmptyAndTooLongInsteadOfCutting() {
    assertThat(MetricNames.sanitize("m".repeat(64))).hasSize(64);
    assertThatThrownBy(() -> MetricNames.sanitize("m".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 64");
    assertThatThrownBy(() -> MetricNames.sanitize(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
