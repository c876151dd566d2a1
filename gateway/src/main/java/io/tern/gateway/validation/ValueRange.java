package io.tern.gateway.validation;

import java.util.Map;
import java.util.TreeMap;

/**
 * The plausible values of one metric, both ends inclusive; an open end is infinite.
 *
 * @param min smallest plausible value, or {@code -Infinity}
 * @param max largest plausible value, or {@code +Infinity}
 */
public record ValueRange(double min, double max) {

  public ValueRange {
    if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
      throw new IllegalArgumentException("range needs min <= max, was " + min + ".." + max);
    }
  }

  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  /**
   * Parses {@code MIN..MAX}, where either side may be empty (open), e.g. {@code -40..125}, {@code
   * 0..}, {@code ..100}.
   *
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static ValueRange parse(String text) {
    String trimmed = text.trim();
    int dots = trimmed.indexOf("..");
    if (dots < 0) {
      throw new IllegalArgumentException("'" + text + "' is not MIN..MAX");
    }
    try {
      return new ValueRange(
          bound(trimmed.substring(0, dots), Double.NEGATIVE_INFINITY),
          bound(trimmed.substring(dots + 2), Double.POSITIVE_INFINITY));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not MIN..MAX", e);
    }
  }

  /**
   * Parses configured ranges keyed by metric name.
   *
   * @param keyPrefix the configuration key of the map, for error messages
   * @throws IllegalArgumentException naming the offending key
   */
  public static Map<String, ValueRange> parseAll(Map<String, String> ranges, String keyPrefix) {
    Map<String, ValueRange> parsed = new TreeMap<>();
    ranges.forEach(
        (metric, text) -> {
          try {
            parsed.put(metric, parse(text));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                keyPrefix
                    + "."
                    + metric
                    + " must be MIN..MAX (either side may be empty): "
                    + e.getMessage(),
                e);
          }
        });
    return parsed;
  }

  private static double bound(String text, double open) {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      return open;
    }
    return Double.parseDouble(trimmed);
  }
}
