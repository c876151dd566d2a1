package io.tern.agent.source;

import java.util.regex.Pattern;

/**
 * Parses text readings, one per line: {@code metric value [epochMs]}, separated by whitespace.
 * Blank lines and lines starting with {@code #} are skipped. Stateless and thread-safe.
 */
public final class LineParser {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** What one line holds. */
  public sealed interface Line permits Parsed, Skipped, Invalid {}

  /** A reading; {@code eventTimeMs} is {@code defaultTimeMs} when the line has no time. */
  public record Parsed(String metric, double value, long eventTimeMs) implements Line {}

  /** A blank or comment line. */
  public record Skipped() implements Line {}

  /** A line that is not a reading, with the reason. */
  public record Invalid(String reason) implements Line {}

  private LineParser() {}

  public static Line parse(String line, long defaultTimeMs) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return new Skipped();
    }
    String[] fields = WHITESPACE.split(trimmed);
    if (fields.length < 2 || fields.length > 3) {
      return new Invalid("expected 'metric value [epochMs]' but got " + fields.length + " fields");
    }
    if (!METRIC.matcher(fields[0]).matches()) {
      return new Invalid("invalid metric name '" + fields[0] + "' (1-64 of [A-Za-z0-9_.-])");
    }
    double value;
    try {
      value = Double.parseDouble(fields[1]);
    } catch (NumberFormatException e) {
      return new Invalid("value '" + fields[1] + "' is not a number");
    }
    long eventTimeMs = defaultTimeMs;
    if (fields.length == 3) {
      try {
        eventTimeMs = Long.parseLong(fields[2]);
      } catch (NumberFormatException e) {
        return new Invalid("time '" + fields[2] + "' is not epoch milliseconds");
      }
    }
    return new Parsed(fields[0], value, eventTimeMs);
  }
}
