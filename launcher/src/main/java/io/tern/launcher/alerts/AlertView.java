package io.tern.launcher.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Locale;

/**
 * The alert JSON published on {@code tern/v1/alerts/{deviceId}/{metric}} (fields per DESIGN.md), as
 * the alerts command reads it. Unknown fields are ignored so newer gateways stay readable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertView(
    String id,
    String deviceId,
    String metric,
    String kind,
    String severity,
    String state,
    double value,
    long eventTimeMs,
    String eventTime,
    long detectedAtMs,
    double score,
    String message) {

  private static final List<String> SEVERITIES = List.of("INFO", "WARNING", "CRITICAL");

  /** Rank of a severity name: INFO 0, WARNING 1, CRITICAL 2; unknown names rank highest. */
  public static int severityRank(String severity) {
    int rank = SEVERITIES.indexOf(severity == null ? "" : severity.toUpperCase(Locale.ROOT));
    return rank < 0 ? SEVERITIES.size() : rank;
  }

  public static boolean isSeverity(String name) {
    return SEVERITIES.contains(name.toUpperCase(Locale.ROOT));
  }

  /** One readable line, e.g. {@code 2026-01-01T00:00:00Z RAISED WARNING SPIKE pump-7/rpm ...}. */
  public String toLine() {
    return String.format(
        Locale.ROOT,
        "%-24s %-7s %-8s %-11s %s/%s  value %s  score %.2f  %s",
        eventTime,
        state,
        severity,
        kind,
        deviceId,
        metric,
        formatValue(value),
        score,
        message == null ? "" : message);
  }

  private static String formatValue(double value) {
    return Math.abs(value) >= 1000 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.1f", value)
        : String.format(Locale.ROOT, "%.3f", value);
  }
}
