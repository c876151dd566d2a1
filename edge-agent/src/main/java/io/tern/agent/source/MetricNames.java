package io.tern.agent.source;

/**
 * Maps names from outside (CSV headers, InfluxDB measurements and fields) to the agent's metric
 * names, {@code [A-Za-z0-9_.-]{1,64}}: every other character (per Unicode code point) becomes
 * {@code _}. Names that are empty, or longer than 64 characters, are refused rather than cut, so
 * two different inputs never silently merge into one metric. Stateless and thread-safe.
 */
public final class MetricNames {
  public static final int MAX_LENGTH = 64;

  private MetricNames() {}

  /**
   * @return the sanitised name
   * @throws IllegalArgumentException if the name is empty or longer than 64 characters
   */
  public static String sanitize(String raw) {
    if (raw.isEmpty()) {
      throw new IllegalArgumentException("empty metric name");
    }
    StringBuilder out = new StringBuilder(raw.length());
    raw.codePoints().forEach(c -> out.append(allowed(c) ? (char) c : '_'));
    if (out.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "metric name '" + abbreviate(raw) + "' is longer than " + MAX_LENGTH + " characters");
    }
    return out.toString();
  }

  private static boolean allowed(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  /** The first 40 characters of a text and an ellipsis, for messages. */
  public static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
