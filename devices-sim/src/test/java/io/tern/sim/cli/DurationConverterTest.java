package io.tern.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void convert_unitsPeopleType() {
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(converter.convert("2H")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void convert_noUnit_saysWhatToType() {
    assertThatThrownBy(() -> converter.convert("5"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("e.g. 500ms or 10s");
  }
}
