package io.tern.agent.source.influx;

import io.tern.agent.source.DecimalText;
import io.tern.agent.source.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses InfluxDB line protocol, one line at a time: {@code measurement[,tag=value...]
 * field=value[,field=value...] [timestamp]}.
 *
 * <ul>
 *   <li>Metric name = {@code measurement.fieldKey}, sanitised by {@link MetricNames} (other
 *       characters become {@code _}; longer than 64 characters: the line is invalid).
 *   <li>Field values: float ({@code 21.5}, {@code -1e3}), integer ({@code 5i}), unsigned ({@code
 *       5u}), boolean ({@code t/T/true/True/TRUE} = 1, {@code f/F/false/False/FALSE} = 0). String
 *       fields ({@code "..."}) are skipped and counted.
 *   <li>Tags are parsed (so a malformed tag makes the line invalid) but not used yet.
 *   <li>Escapes per the InfluxDB spec: in the measurement {@code \,} and {@code \ }; in tag keys,
 *       tag values and field keys also {@code \=}; {@code \\} is a backslash; a backslash before
 *       any other character is kept as is. In string values {@code \"} and {@code \\}.
 *   <li>Timestamp: an integer in the configured {@link Precision} (nanoseconds by default), floored
 *       to milliseconds; a line without one gets the time it was received.
 *   <li>Blank lines and lines starting with {@code #} are skipped.
 * </ul>
 *
 * <p>Pure and thread-safe.
 */
public final class LineProtocol {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern UNSIGNED = Pattern.compile("\\d+");

  /** Unit of the timestamps in the lines. */
  public enum Precision {
    NS(1_000_000, 0),
    US(1_000, 0),
    MS(1, 0),
    S(0, 1_000);

    private final long divisor;
    private final long multiplier;

    Precision(long divisor, long multiplier) {
      this.divisor = divisor;
      this.multiplier = multiplier;
    }

    /**
     * @throws ArithmeticException if the result does not fit in a long
     */
    public long toMillis(long timestamp) {
      return multiplier != 0
          ? Math.multiplyExact(timestamp, multiplier)
          : Math.floorDiv(timestamp, divisor);
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What one line holds. */
  public sealed interface Line permits Points, Skipped, Invalid {}

  /** One value of a line. */
  public record Point(String metric, double value, long eventTimeMs) {}

  /** The numeric and boolean fields of a line, and how many string fields were skipped. */
  public record Points(List<Point> points, int stringFieldsSkipped) implements Line {
    public Points {
      points = List.copyOf(points);
    }
  }

  /** A blank or comment line. */
  public record Skipped() implements Line {}

  /** A line that is not valid line protocol, with the reason. */
  public record Invalid(String reason) implements Line {}

  private final Precision precision;

  public LineProtocol(Precision precision) {
    this.precision = precision;
  }

  /**
   * @param receivedAtMs event time of a line without a timestamp, epoch ms
   */
  public Line parse(String line, long receivedAtMs) {
    String text = line.strip();
    if (text.isEmpty() || text.startsWith("#")) {
      return new Skipped();
    }
    try {
      return new Parse(text).line(receivedAtMs);
    } catch (IllegalArgumentException e) {
      return new Invalid(e.getMessage());
    }
  }

  /** One pass over one line; a syntax error is an IllegalArgumentException with the reason. */
  private final class Parse {
    private final String text;
    private int pos;

    Parse(String text) {
      this.text = text;
    }

    Line line(long receivedAtMs) {
      String measurement = token(", ", ", ", "measurement");
      if (peek() == ',') {
        tags();
      }
      expectSpace("fields");
      List<String> keys = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      int strings = 0;
      while (true) {
        String key = token("=, ", ",= ", "field key");
        expect('=', "field '" + key + "' has no value");
        if (peek() == '"') {
          skipString(key);
          strings++;
        } else {
          keys.add(key);
          values.add(fieldValue(key, rawUntil(" ,")));
        }
        if (peek() != ',') {
          break;
        }
        pos++;
      }
      long timeMs = receivedAtMs;
      if (pos < text.length()) {
        expectSpace("timestamp");
        timeMs = timestamp(text.substring(pos));
      }
      List<Point> points = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        points.add(
            new Point(
                MetricNames.sanitize(measurement + "." + keys.get(i)), values.get(i), timeMs));
      }
      return new Points(points, strings);
    }

    private void tags() {
      do {
        pos++;
        String key = token("=, ", ",= ", "tag key");
        expect('=', "tag '" + key + "' has no value");
        token(", ", ",= ", "value of tag '" + key + "'");
      } while (peek() == ',');
    }

    /** Reads up to an unescaped stop character, resolving escapes; refuses an empty result. */
    private String token(String stops, String escapable, String what) {
      StringBuilder out = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\\' && pos + 1 < text.length() && isEscape(text.charAt(pos + 1), escapable)) {
          out.append(text.charAt(pos + 1));
          pos += 2;
        } else if (stops.indexOf(c) >= 0) {
          break;
        } else {
          out.append(c);
          pos++;
        }
      }
      if (out.length() == 0) {
        throw new IllegalArgumentException("missing " + what + " at column " + (pos + 1));
      }
      return out.toString();
    }

    private static boolean isEscape(char next, String escapable) {
      return next == '\\' || escapable.indexOf(next) >= 0;
    }

    private String rawUntil(String stops) {
      int start = pos;
      while (pos < text.length() && stops.indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private void skipString(String key) {
      pos++;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\\' && pos + 1 < text.length()) {
          pos += 2;
        } else if (c == '"') {
          pos++;
          return;
        } else {
          pos++;
        }
      }
      throw new IllegalArgumentException("string field '" + key + "' has no closing quote");
    }

    private double fieldValue(String key, String raw) {
      if (raw.isEmpty()) {
        throw new IllegalArgumentException("field '" + key + "' has no value");
      }
      char last = raw.charAt(raw.length() - 1);
      String body = raw.substring(0, raw.length() - 1);
      if (last == 'i' && INTEGER.matcher(body).matches()) {
        return parseLong(key, body);
      }
      if (last == 'u' && UNSIGNED.matcher(body).matches()) {
        try {
          return unsignedToDouble(Long.parseUnsignedLong(body));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("field '" + key + "' is out of range: " + raw, e);
        }
      }
      switch (raw) {
        case "t", "T", "true", "True", "TRUE":
          return 1;
        case "f", "F", "false", "False", "FALSE":
          return 0;
        default:
          break;
      }
      double value = DecimalText.isDecimal(raw) ? Double.parseDouble(raw) : Double.NaN;
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "field '" + key + "' value '" + MetricNames.abbreviate(raw) + "' is not a number");
      }
      return value;
    }

    private long parseLong(String key, String digits) {
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("field '" + key + "' is out of range: " + digits, e);
      }
    }

    private long timestamp(String raw) {
      if (!INTEGER.matcher(raw).matches()) {
        throw new IllegalArgumentException(
            "timestamp '" + MetricNames.abbreviate(raw) + "' is not an integer");
      }
      try {
        return precision.toMillis(Long.parseLong(raw));
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException("timestamp " + raw + " is out of range", e);
      }
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c, String otherwise) {
      if (peek() != c) {
        throw new IllegalArgumentException(otherwise);
      }
      pos++;
    }

    /** One or more spaces, then something must follow. */
    private void expectSpace(String what) {
      if (pos >= text.length()) {
        throw new IllegalArgumentException("missing " + what);
      }
      if (peek() != ' ') {
        throw new IllegalArgumentException(
            "expected a space before the " + what + " at column " + (pos + 1));
      }
      while (peek() == ' ') {
        pos++;
      }
    }
  }

  private static double unsignedToDouble(long bits) {
    double value = (double) (bits >>> 1) * 2.0;
    return value + (bits & 1);
  }
}
