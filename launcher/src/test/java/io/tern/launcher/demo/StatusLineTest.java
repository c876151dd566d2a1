package io.tern.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bridge.BridgeStats;
import io.tern.gateway.status.GatewayStats;
import io.tern.sim.fleet.FleetStats;
import org.junit.jupiter.api.Test;

class StatusLineTest {

  private static DemoSnapshot snapshot(long readings, long delivered, long lag, boolean kafkaUp) {
    return new DemoSnapshot(
        new FleetStats(10, 9, readings + 5, readings, 3),
        new GatewayStats(10, readings / 10, readings, 0, 40, 3, 1, readings / 100, 2, 0),
        new BridgeStats(delivered, 3, lag, 0, kafkaUp));
  }

  @Test
  void format_showsRatesCountsAndLag() {
    String line =
        StatusLine.format(snapshot(1_000, 30, 0, true), snapshot(2_500, 37, 2, true), 1.0);

    assertThat(line)
        .isEqualTo(
            "devices 9/10 | readings/s 1,500 | dup 25 | dlq 2 | rollups 40 | alerts 3 (1 active)"
                + " | kafka 40 delivered, lag 2 | agents unacked 5");
  }

  @Test
  void format_saysWhenKafkaIsDown() {
    String line = StatusLine.format(snapshot(0, 0, 0, true), snapshot(10, 0, 12, false), 2.0);

    assertThat(line).contains("readings/s 5 |", "lag 12 (kafka down)");
  }
}
