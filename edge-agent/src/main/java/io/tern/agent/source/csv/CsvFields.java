package io.tern.agent.source.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields: comma-separated, surrounding spaces trimmed, RFC 4180 quoting
 * ({@code "a, b"}, {@code ""} for a quote inside quotes). A quoted field cannot span lines. Pure.
 */
final class CsvFields {
  private CsvFields() {}

  /**
   * @throws IllegalArgumentException if a quote is not closed or text follows a closing quote
   */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    int pos = 0;
    while (true) {
      while (pos < line.length() && line.charAt(pos) == ' ') {
        pos++;
      }
      StringBuilder field = new StringBuilder();
      if (pos < line.length() && line.charAt(pos) == '"') {
        pos = quoted(line, pos + 1, field, fields.size() + 1);
        while (pos < line.length() && line.charAt(pos) == ' ') {
          pos++;
        }
        if (pos < line.length() && line.charAt(pos) != ',') {
          throw new IllegalArgumentException(
              "text after the closing quote of column " + (fields.size() + 1));
        }
        fields.add(field.toString());
      } else {
        int comma = line.indexOf(',', pos);
        int stop = comma >= 0 ? comma : line.length();
        fields.add(line.substring(pos, stop).strip());
        pos = stop;
      }
      if (pos >= line.length()) {
        return fields;
      }
      pos++; // the comma
    }
  }

  /** Reads a quoted field body after the opening quote; returns the position after the close. */
  private static int quoted(String line, int pos, StringBuilder field, int column) {
    while (pos < line.length()) {
      char c = line.charAt(pos);
      if (c == '"') {
        if (pos + 1 < line.length() && line.charAt(pos + 1) == '"') {
          field.append('"');
          pos += 2;
          continue;
        }
        return pos + 1;
      }
      field.append(c);
      pos++;
    }
    throw new IllegalArgumentException("unclosed quote in column " + column);
  }
}
