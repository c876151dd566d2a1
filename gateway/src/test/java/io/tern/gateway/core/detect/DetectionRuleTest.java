package io.tern.gateway.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.Severity;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionRuleTest {

  @Test
  void parse_readsEveryKey() {
    DetectionRule rule =
        DetectionRule.parse(
            "boiler-*/temp min=-5 max=95 max-rate=2/min off=stuck,DRIFT severity=critical"
                + " sensitivity=0.5");

    assertThat(rule.devices()).isEqualTo("boiler-*");
    assertThat(rule.metrics()).isEqualTo("temp");
    assertThat(rule.min()).hasValue(-5);
    assertThat(rule.max()).hasValue(95);
    assertThat(rule.maxRate().getAsDouble())
        .isCloseTo(2.0 / 60, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(rule.off()).isEqualTo(Set.of(AlertKind.STUCK, AlertKind.DRIFT));
    assertThat(rule.severity()).contains(Severity.CRITICAL);
    assertThat(rule.sensitivity()).hasValue(0.5);
    assertThat(rule.matches("boiler-7", "temp")).isTrue();
    assertThat(rule.matches("pump-7", "temp")).isFalse();
  }

  @Test
  void maxRate_isPerSecond_unlessAUnitSaysOtherwise() {
    assertThat(DetectionRule.parse("*/* max-rate=3").maxRate()).hasValue(3);
    assertThat(DetectionRule.parse("*/* max-rate=3/s").maxRate()).hasValue(3);
    assertThat(DetectionRule.parse("*/* max-rate=7200/h").maxRate()).hasValue(2);
  }

  @Test
  void mistakes_areOneLineErrors_sayingWhatIsExpected() {
    assertThatThrownBy(() -> DetectionRule.parse("temp max=3"))
        .hasMessageContaining("must start with DEVICES/METRICS");
    assertThatThrownBy(() -> DetectionRule.parse("*/* max-rate=2/day"))
        .hasMessageContaining("unit 'day'")
        .hasMessageContaining("N/min");
    assertThatThrownBy(() -> DetectionRule.parse("*/* max-rate=-1"))
        .hasMessageContaining("max-rate must be positive");
    assertThatThrownBy(() -> DetectionRule.parse("*/* rate=1"))
        .hasMessageContaining("unknown key 'rate'")
        .hasMessageContaining("max-rate");
    assertThatThrownBy(() -> DetectionRule.parse("*/* min=5 max=1"))
        .hasMessageContaining("min 5.0 must be below max 1.0");
    assertThatThrownBy(() -> DetectionRule.parse("*/* off=SPIKES"))
        .hasMessageContaining("'SPIKES' is not one of");
  }
}
