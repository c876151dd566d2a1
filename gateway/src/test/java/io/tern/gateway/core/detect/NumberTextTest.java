package io.tern.gateway.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumberTextTest {

  @Test
  void values_haveFourSignificantDigits_andAtLeastOneDecimal() {
    assertThat(NumberText.of(97.3)).isEqualTo("97.3");
    assertThat(NumberText.of(21.0)).isEqualTo("21.0");
    assertThat(NumberText.of(21.0004)).isEqualTo("21.0");
    assertThat(NumberText.of(97_300)).isEqualTo("97300.0");
    assertThat(NumberText.of(-0.00123456)).isEqualTo("-0.001235");
  }

  @Test
  void deviations_haveTwoSignificantDigits() {
    assertThat(NumberText.deviations(8.123)).isEqualTo("8.1");
    assertThat(NumberText.deviations(12.4)).isEqualTo("12.0");
    assertThat(NumberText.deviations(Double.POSITIVE_INFINITY)).isEqualTo("infinitely many");
  }
}
