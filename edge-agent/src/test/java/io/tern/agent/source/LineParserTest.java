package io.tern.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.source.LineParser.Invalid;
import io.tern.agent.source.LineParser.Parsed;
import io.tern.agent.source.LineParser.Skipped;
import org.junit.jupiter.api.Test;

class LineParserTest {
  @Test
  void parse_withTime() {
    assertThat(LineParser.parse("temp 21.5 1700000000000", 5))
        .isEqualTo(new Parsed("temp", 21.5, 1_700_000_000_000L));
  }

  @Test
  void parse_withoutTime_usesDefault() {
    assertThat(LineParser.parse("  cpu.load_1  -3e2 ", 5))
        .isEqualTo(new Parsed("cpu.load_1", -300, 5));
  }

  @Test
  void parse_blankAndComment_areSkipped() {
    assertThat(LineParser.parse("   ", 0)).isInstanceOf(Skipped.class);
    assertThat(LineParser.parse("# header", 0)).isInstanceOf(Skipped.class);
  }

  @Test
  void parse_badLines_sayWhy() {
    assertThat(LineParser.parse("temp", 0))
        .isInstanceOfSatisfying(
            Invalid.class,
            i -> assertThat(i.reason()).contains("expected 'metric value [epochMs]'"));
    assertThat(LineParser.parse("temp abc", 0))
        .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("'abc'"));
    assertThat(LineParser.parse("temp 1 yesterday", 0))
        .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("'yesterday'"));
    assertThat(LineParser.parse("te/mp 1", 0))
        .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("metric name"));
    assertThat(LineParser.parse("temp 1 2 3", 0)).isInstanceOf(Invalid.class);
  }
}
