package io.tern.gateway.status;

import io.tern.gateway.core.model.Alert;
import java.time.Instant;
import java.util.List;

/** Renders the tiny status page served at {@code /}. */
final class StatusPage {

  private StatusPage() {}

  static String render(GatewayStats stats, List<Alert> alerts) {
    StringBuilder html = new StringBuilder(2048);
    html.append(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
        <title>Tern gateway</title>
        <style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em .8em;text-align:left}
        td.n{text-align:right}</style></head><body>
        <h1>Tern gateway</h1>
        <table>
        """);
    row(html, "devices", stats.devices());
    row(html, "batches", stats.batches());
    row(html, "readings", stats.readings());
    row(html, "decode errors", stats.decodeErrors());
    row(html, "duplicates", stats.duplicates());
    row(html, "dead letters", stats.deadLetters());
    row(html, "late readings", stats.lateReadings());
    row(html, "rollups", stats.rollups());
    row(html, "alerts raised", stats.alertsRaised());
    row(html, "active alerts", stats.activeAlerts());
    html.append("</table>\n<h2>Active alerts</h2>\n<table>\n")
        .append("<tr><th>event time</th><th>device</th><th>metric</th><th>kind</th>")
        .append("<th>severity</th><th>message</th></tr>\n");
    for (Alert alert : alerts) {
      html.append("<tr><td>")
          .append(Instant.ofEpochMilli(alert.eventTimeMs()))
          .append("</td><td>")
          .append(escape(alert.deviceId()))
          .append("</td><td>")
          .append(escape(alert.metric()))
          .append("</td><td>")
          .append(alert.kind())
          .append("</td><td>")
          .append(alert.severity())
          .append("</td><td>")
          .append(escape(alert.message()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n<p>JSON: <a href=\"/api/status\">/api/status</a>, ")
        .append("<a href=\"/api/alerts/active\">/api/alerts/active</a>, ")
        .append("<a href=\"/api/devices\">/api/devices</a>, ")
        .append("<a href=\"/api/rollups/latest\">/api/rollups/latest</a>; ")
        .append("<a href=\"/metrics\">/metrics</a> (Prometheus), ")
        .append("<a href=\"/health\">/health</a></p>\n</body></html>\n");
    return html.toString();
  }

  private static void row(StringBuilder html, String name, long value) {
    html.append("<tr><th>")
        .append(name)
        .append("</th><td class=\"n\">")
        .append(value)
        .append("</td></tr>\n");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
