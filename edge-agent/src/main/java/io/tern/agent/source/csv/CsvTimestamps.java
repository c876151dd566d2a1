package io.tern.agent.source.csv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Reads the timestamps of a CSV file as epoch milliseconds.
 *
 * <ul>
 *   <li>ISO-8601 date and time, with {@code T} or a space between them, seconds and fraction
 *       optional, zone optional ({@code Z}, {@code +01:00}, {@code +0100}, {@code +01}; UTC when
 *       absent): {@code 2024-03-01T12:00:00Z}, {@code 2024-03-01 12:00:00.250}, {@code
 *       2024-03-01T13:00+01:00}.
 *   <li>Epoch numbers, decided by magnitude: below 100,000,000,000 they are seconds (up to the year
 *       5138), from there to 100,000,000,000,000 milliseconds (from 1973-03-03T09:46:40Z). Seconds
 *       may have a fraction ({@code 1700000000.25}). Larger numbers (micro- or nanoseconds) are
 *       refused.
 * </ul>
 *
 * Sub-millisecond parts are truncated. Pure and thread-safe.
 */
public final class CsvTimestamps {
  /** Epoch numbers from here on are milliseconds, below it seconds. */
  public static final long MILLIS_FROM = 100_000_000_000L;

  static final long MILLIS_UNTIL = 100_000_000_000_000L;
  private static final Pattern EPOCH = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHmm", "Z")
          .optionalEnd()
          .toFormatter();

  private CsvTimestamps() {}

  /**
   * @return epoch milliseconds
   * @throws IllegalArgumentException with the reason if the text is not a supported timestamp
   */
  public static long parseEpochMillis(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty timestamp");
    }
    if (EPOCH.matcher(text).matches()) {
      return epoch(text);
    }
    String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.replaceFirst(" ", "T") : text;
    try {
      TemporalAccessor parsed = ISO.parse(iso);
      ZoneOffset offset =
          parsed.isSupported(ChronoField.OFFSET_SECONDS)
              ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
              : ZoneOffset.UTC;
      return LocalDateTime.from(parsed).toInstant(offset).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "timestamp '"
              + text
              + "' is neither ISO-8601 (e.g. 2024-03-01T12:00:00Z) nor epoch seconds/milliseconds",
          e);
    }
  }

  private static long epoch(String text) {
    BigDecimal number = new BigDecimal(text);
    BigDecimal magnitude = number.abs();
    if (magnitude.compareTo(BigDecimal.valueOf(MILLIS_FROM)) < 0) {
      return number.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
    if (magnitude.compareTo(BigDecimal.valueOf(MILLIS_UNTIL)) < 0) {
      return number.setScale(0, RoundingMode.FLOOR).longValueExact();
    }
    throw new IllegalArgumentException(
        "epoch timestamp "
            + text
            + " is too large for milliseconds (micro- or nanoseconds are not supported)");
  }
}
