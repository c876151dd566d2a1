package io.tern.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueRangeTest {

  @Test
  void parse_closedAndOpenEnds() {
    assertThat(ValueRange.parse("-40..125")).isEqualTo(new ValueRange(-40, 125));
    assertThat(ValueRange.parse(" 0 .. ")).isEqualTo(new ValueRange(0, Double.POSITIVE_INFINITY));
    assertThat(ValueRange.parse("..1e3")).isEqualTo(new ValueRange(Double.NEGATIVE_INFINITY, 1000));
  }

  @Test
  void parse_rejectsNonsense() {
    for (String text : new String[] {"10", "a..b", "5..1", "NaN..1"}) {
      assertThatThrownBy(() -> ValueRange.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void parseAll_namesTheOffendingKey() {
    assertThatThrownBy(() -> ValueRange.parseAll(Map.of("humidity", "high"), "tern.x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tern.x.humidity must be MIN..MAX");
  }

  @Test
  void contains_isInclusive() {
    ValueRange range = new ValueRange(0, 100);
    assertThat(range.contains(0)).isTrue();
    assertThat(range.contains(100)).isTrue();
    assertThat(range.contains(100.0001)).isFalse();
    assertThat(range.contains(Double.NaN)).isFalse();
  }
}
