package io.tern.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.health.GatewayHealth.Health;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayHealthTest {

  @Test
  void check_isUp_whenBrokerAndPipelineRun() {
    assertThat(new GatewayHealth(() -> true, () -> true).check())
        .isEqualTo(new Health("UP", List.of()));
  }

  @Test
  void check_namesEachPartThatIsDown() {
    assertThat(new GatewayHealth(() -> true, () -> false).check())
        .isEqualTo(new Health("DOWN", List.of("pipeline")));
    assertThat(new GatewayHealth(() -> false, () -> false).check().down())
        .containsExactly("broker", "pipeline");
  }
}
