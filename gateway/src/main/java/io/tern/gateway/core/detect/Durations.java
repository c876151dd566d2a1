package io.tern.gateway.core.detect;

/** Short human text for a duration in alert messages: {@code 850ms}, {@code 47s}, {@code 12m}. */
final class Durations {
  private Durations() {}

  static String text(long millis) {
    if (millis < 1_000) {
      return millis + "ms";
    }
    long seconds = Math.round(millis / 1000.0);
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = Math.round(seconds / 60.0);
    if (minutes < 120) {
      return minutes + "m";
    }
    return Math.round(minutes / 60.0) + "h";
  }
}
