package io.tern.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HostMetricsTest {
  @Test
  void parseLoad1_takesFirstField() {
    assertThat(HostMetrics.parseLoad1("0.42 0.30 0.25 1/123 4567\n")).isEqualTo(0.42);
  }

  @Test
  void parseMemUsedPct_usesAvailableMemory() {
    String meminfo =
        "MemTotal:        8000000 kB\nMemFree:          500000 kB\nMemAvailable:    2000000 kB\n";
    assertThat(HostMetrics.parseMemUsedPct(meminfo)).isCloseTo(75.0, within(1e-9));
  }

  @Test
  void parseMemUsedPct_withoutAvailable_isRejected() {
    assertThatThrownBy(() -> HostMetrics.parseMemUsedPct("MemTotal: 1 kB\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MemAvailable");
  }
}
