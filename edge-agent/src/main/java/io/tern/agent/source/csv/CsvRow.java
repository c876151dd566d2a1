package io.tern.agent.source.csv;

import java.util.List;

/** One data row of a replayed CSV file, as read by {@link CsvHeader#row}. */
public sealed interface CsvRow permits CsvRow.Values, CsvRow.Blank, CsvRow.Bad {
  /** A row with its event time and the readings of its non-empty cells. */
  record Values(long lineNumber, long eventTimeMs, List<Cell> cells) implements CsvRow {
    public Values {
      cells = List.copyOf(cells);
    }
  }

  /** One cell's reading. */
  record Cell(String metric, double value) {}

  /** A blank line. */
  record Blank(long lineNumber) implements CsvRow {}

  /** A row that cannot be used, with the reason. */
  record Bad(long lineNumber, String reason) implements CsvRow {}
}
