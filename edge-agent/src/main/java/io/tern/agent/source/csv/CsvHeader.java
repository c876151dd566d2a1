package io.tern.agent.source.csv;

import io.tern.agent.source.DecimalText;
import io.tern.agent.source.MetricNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header row of a replayed CSV file (which column holds the timestamps and which metric each
 * other column is), and the reader of its data rows. Column names become metric names through
 * {@link MetricNames} (so {@code temp °C} becomes {@code temp__C}). Pure.
 *
 * @param columnNames the names as written in the file
 * @param timeColumn index of the timestamp column
 * @param metrics metric name of each column, {@code null} at the timestamp column
 */
public record CsvHeader(List<String> columnNames, int timeColumn, List<String> metrics) {
  /** Names that make a column the timestamp column when none is given, in this order. */
  public static final List<String> TIME_COLUMN_NAMES = List.of("time", "timestamp", "ts");

  public CsvHeader {
    columnNames = List.copyOf(columnNames);
    metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
  }

  /**
   * @param line the first line of the file
   * @param timeColumnName the timestamp column's name, or {@code null} for the first column named
   *     as in {@link #TIME_COLUMN_NAMES} (case-insensitive), else the first column
   * @throws IllegalArgumentException with the reason if the header cannot be used
   */
  public static CsvHeader parse(String line, String timeColumnName) {
    String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
    List<String> names = CsvFields.split(text);
    if (names.size() < 2) {
      throw new IllegalArgumentException(
          "header '"
              + MetricNames.abbreviate(text)
              + "' needs a timestamp column and at least one value column, separated by commas");
    }
    int time = timeColumn(names, timeColumnName);
    List<String> metrics = new ArrayList<>(names.size());
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (i == time) {
        metrics.add(null);
        continue;
      }
      String name = names.get(i);
      String metric;
      try {
        metric = MetricNames.sanitize(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("column " + (i + 1) + ": " + e.getMessage(), e);
      }
      String previous = seen.putIfAbsent(metric, name);
      if (previous != null) {
        throw new IllegalArgumentException(
            "columns '" + previous + "' and '" + name + "' both map to metric '" + metric + "'");
      }
      metrics.add(metric);
    }
    return new CsvHeader(names, time, metrics);
  }

  /** The metric names in column order. */
  public List<String> metricNames() {
    return metrics.stream().filter(m -> m != null).toList();
  }

  private static int timeColumn(List<String> names, String wanted) {
    if (wanted != null) {
      int index = names.indexOf(wanted);
      if (index < 0) {
        throw new IllegalArgumentException(
            "no column named '" + wanted + "' (columns: " + String.join(", ", names) + ")");
      }
      return index;
    }
    for (String candidate : TIME_COLUMN_NAMES) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).toLowerCase(Locale.ROOT).equals(candidate)) {
          return i;
        }
      }
    }
    return 0;
  }

  /**
   * Reads one data row. Empty cells are skipped (a row may hold values for only some metrics);
   * values are decimal numbers ({@code 21.5}, {@code -3}, {@code 1e-3}); a row with a bad
   * timestamp, a value that is not a number or the wrong number of columns is {@link CsvRow.Bad} as
   * a whole.
   *
   * @param lineNumber 1-based line number in the file (the header is line 1)
   */
  public CsvRow row(String line, long lineNumber) {
    if (line.isBlank()) {
      return new CsvRow.Blank(lineNumber);
    }
    List<String> fields;
    try {
      fields = CsvFields.split(line);
    } catch (IllegalArgumentException e) {
      return new CsvRow.Bad(lineNumber, e.getMessage());
    }
    if (fields.size() != columnNames.size()) {
      return new CsvRow.Bad(
          lineNumber, "expected " + columnNames.size() + " columns but got " + fields.size());
    }
    long eventTimeMs;
    try {
      eventTimeMs = CsvTimestamps.parseEpochMillis(fields.get(timeColumn));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return new CsvRow.Bad(lineNumber, e.getMessage());
    }
    List<CsvRow.Cell> cells = new ArrayList<>(fields.size() - 1);
    for (int i = 0; i < fields.size(); i++) {
      String cell = fields.get(i);
      if (i == timeColumn || cell.isEmpty()) {
        continue;
      }
      double value = DecimalText.isDecimal(cell) ? Double.parseDouble(cell) : Double.NaN;
      if (!Double.isFinite(value)) {
        return new CsvRow.Bad(
            lineNumber,
            "value '"
                + MetricNames.abbreviate(cell)
                + "' in column '"
                + columnNames.get(i)
                + "' is not a number");
      }
      cells.add(new CsvRow.Cell(metrics.get(i), value));
    }
    return new CsvRow.Values(lineNumber, eventTimeMs, cells);
  }
}
