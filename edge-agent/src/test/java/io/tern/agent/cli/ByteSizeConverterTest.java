package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {
  private final ByteSizeConverter converter = new ByteSizeConverter();

  @Test
  void parsesPlainBinaryAndDecimalSizes() {
    assertThat(converter.convert("1048576")).isEqualTo(1_048_576L);
    assertThat(converter.convert("64KiB")).isEqualTo(65_536L);
    assertThat(converter.convert("512m")).isEqualTo(512L << 20);
    assertThat(converter.convert("1GiB")).isEqualTo(1L << 30);
    assertThat(converter.convert("10MB")).isEqualTo(10_000_000L);
  }

  @Test
  void rejectsGarbageAndOverflow() {
    assertThatThrownBy(() -> converter.convert("lots"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("not a byte size");
    assertThatThrownBy(() -> converter.convert("99999999999TiB"))
        .isInstanceOf(TypeConversionException.class);
  }
}
