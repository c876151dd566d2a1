package io.tern.agent.source.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzz target: arbitrary bytes as a replayed CSV file (decoded as UTF-8, split into lines as {@link
 * CsvFile} reads them). The header either parses into distinct valid metric names plus one
 * timestamp column or is refused with {@link IllegalArgumentException} and a reason; each data row
 * is blank, bad with a reason, or values whose metrics are the header's, in column order, all
 * finite. Any other exception, or a hang, is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code CsvFuzzTestInputs/replay/} (test resources) as
 * regression tests; docs/security.md says how to fuzz.
 */
class CsvFuzzTest {
  private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  @FuzzTest
  void replay(byte[] input) throws IOException {
    BufferedReader lines =
        new BufferedReader(new StringReader(new String(input, StandardCharsets.UTF_8)));
    String first = lines.readLine();
    if (first == null) {
      return;
    }
    CsvHeader header;
    try {
      header = CsvHeader.parse(first, null);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).as(first).isNotBlank();
      return;
    }
    checkHeader(header);
    long lineNumber = 1;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNumber++;
      checkRow(header, line, lineNumber, header.row(line, lineNumber));
    }
  }

  private static void checkHeader(CsvHeader header) {
    int columns = header.columnNames().size();
    assertThat(columns).isGreaterThanOrEqualTo(2);
    assertThat(header.timeColumn()).isBetween(0, columns - 1);
    assertThat(header.metrics()).hasSize(columns);
    assertThat(header.metrics().get(header.timeColumn())).isNull();
    assertThat(header.metricNames()).hasSize(columns - 1).doesNotHaveDuplicates();
    assertThat(header.metricNames()).allMatch(name -> METRIC.matcher(name).matches());
  }

  private static void checkRow(CsvHeader header, String line, long lineNumber, CsvRow row) {
    assertThat(row instanceof CsvRow.Blank).as(line).isEqualTo(line.isBlank());
    if (row instanceof CsvRow.Bad bad) {
      assertThat(bad.lineNumber()).isEqualTo(lineNumber);
      assertThat(bad.reason()).as(line).isNotBlank();
    } else if (row instanceof CsvRow.Values values) {
      assertThat(values.lineNumber()).isEqualTo(lineNumber);
      List<String> metrics = values.cells().stream().map(CsvRow.Cell::metric).toList();
      assertThat(new HashSet<>(metrics)).hasSameSizeAs(metrics);
      if (!metrics.isEmpty()) { // a row of empty cells has none
        assertThat(header.metricNames()).containsSubsequence(metrics);
      }
      assertThat(values.cells()).allMatch(cell -> Double.isFinite(cell.value()));
    }
  }
}
