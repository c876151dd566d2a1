package io.tern.agent.source.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.agent.source.csv.CsvRow.Bad;
import io.tern.agent.source.csv.CsvRow.Blank;
import io.tern.agent.source.csv.CsvRow.Cell;
import io.tern.agent.source.csv.CsvRow.Values;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvHeaderTest {
  private static final CsvHeader HEADER = CsvHeader.parse("time,temp,humidity", null);

  @Test
  void parse_timeColumn_byKnownNameCaseInsensitively() {
    CsvHeader header = CsvHeader.parse("temp, TimeStamp ,hum", null);
    assertThat(header.timeColumn()).isEqualTo(1);
    assertThat(header.metricNames()).containsExactly("temp", "hum");
  }

  @Test
  void parse_timeColumn_firstColumnWhenNoKnownName() {
    CsvHeader header = CsvHeader.parse("when,temp", null);
    assertThat(header.timeColumn()).isZero();
    assertThat(header.metricNames()).containsExactly("temp");
  }

  @Test
  void parse_timeColumn_byOption() {
    CsvHeader header = CsvHeader.parse("ts,recorded,temp", "recorded");
    assertThat(header.timeColumn()).isEqualTo(1);
    assertThat(header.metricNames()).containsExactly("ts", "temp");
  }

  @Test
  void parse_byteOrderMarkAndQuotes_andSanitisedNames() {
    CsvHeader header = CsvHeader.parse("\uFEFF\"time\",\"temp, °C\",rh %", null);
    assertThat(header.timeColumn()).isZero();
    assertThat(header.metricNames()).containsExactly("temp___C", "rh__");
  }

  @Test
  void parse_unusableHeaders_sayWhy() {
    assertThatThrownBy(() -> CsvHeader.parse("time", null))
        .hasMessageContaining("at least one value column");
    assertThatThrownBy(() -> CsvHeader.parse("time,temp", "when"))
        .hasMessageContaining("no column named 'when' (columns: time, temp)");
    assertThatThrownBy(() -> CsvHeader.parse("time,a b,a_b", null))
        .hasMessageContaining("columns 'a b' and 'a_b' both map to metric 'a_b'");
    assertThatThrownBy(() -> CsvHeader.parse("time,,b", null))
        .hasMessageContaining("column 2: empty metric name");
  }

  @Test
  void row_valuesWithEventTime() {
    assertThat(HEADER.row("2024-03-01T12:00:00Z, 21.5 ,40", 2))
        .isEqualTo(
            new Values(
                2, 1_709_294_400_000L, List.of(new Cell("temp", 21.5), new Cell("humidity", 40))));
  }

  @Test
  void row_emptyCellsAreSkipped() {
    assertThat(HEADER.row("1709294400,,-1e-3", 3))
        .isEqualTo(new Values(3, 1_709_294_400_000L, List.of(new Cell("humidity", -0.001))));
    assertThat(HEADER.row("1709294400,,", 4))
        .isEqualTo(new Values(4, 1_709_294_400_000L, List.of()));
  }

  @Test
  void row_quotedCells() {
    assertThat(HEADER.row("\"2024-03-01 12:00:00\",\"1.5\", 2", 2))
        .isEqualTo(
            new Values(
                2, 1_709_294_400_000L, List.of(new Cell("temp", 1.5), new Cell("humidity", 2))));
  }

  @Test
  void row_blankLine() {
    assertThat(HEADER.row("   ", 7)).isEqualTo(new Blank(7));
  }

  @Test
  void row_badRows_sayWhyWithTheirLineNumber() {
    assertThat(HEADER.row("2024-03-01T12:00:00Z,21.5", 5))
        .isEqualTo(new Bad(5, "expected 3 columns but got 2"));
    assertThat(HEADER.row("2024-03-01T12:00:00Z,warm,40", 6))
        .isEqualTo(new Bad(6, "value 'warm' in column 'temp' is not a number"));
    assertThat(HEADER.row("soon,1,2", 7))
        .isInstanceOfSatisfying(Bad.class, b -> assertThat(b.reason()).contains("'soon'"));
    assertThat(HEADER.row("1709294400,\"1,2", 8))
        .isEqualTo(new Bad(8, "unclosed quote in column 2"));
    assertThat(HEADER.row("1709294400,1e999,2", 9))
        .isInstanceOfSatisfying(Bad.class, b -> assertThat(b.reason()).contains("not a number"));
    assertThat(HEADER.row("1709294400,NaN,2", 10)).isInstanceOf(Bad.class);
    assertThat(HEADER.row("1709294400,1f,2", 11)).isInstanceOf(Bad.class);
  }

  @Test
  void split_quotesAndEscapedQuotes() {
    assertThat(CsvFields.split(" a ,\"b, \"\"c\"\"\" , ,"))
        .containsExactly("a", "b, \"c\"", "", "");
    assertThatThrownBy(() -> CsvFields.split("\"a\"b,c"))
        .hasMessageContaining("text after the closing quote of column 1");
  }
}
