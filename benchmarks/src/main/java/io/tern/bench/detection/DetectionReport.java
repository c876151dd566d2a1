package io.tern.bench.detection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The result tables of one data set: a summary line, one row per detector (point-wise and
 * event-wise scores), and recall and median delay per labelled kind; as aligned text or Markdown.
 */
public final class DetectionReport {
  private final GroundTruth truth;
  private final long toleranceMs;
  private final Map<String, DetectorScore> scores;

  /** {@code scores} by detector name, in table order. */
  public DetectionReport(GroundTruth truth, long toleranceMs, Map<String, DetectorScore> scores) {
    this.truth = truth;
    this.toleranceMs = toleranceMs;
    this.scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
  }

  public String summary() {
    return String.format(
        Locale.ROOT,
        "%s: %d devices, %,d rows (%,d anomalous), %d labelled segments, %.2f days of data,"
            + " event tolerance %d s",
        truth.name(),
        truth.deviceSpans().size(),
        truth.rowCount(),
        truth.anomalousRowCount(),
        truth.segments().size(),
        truth.days(),
        toleranceMs / 1000);
  }

  public String text() {
    return summary()
        + "\n\n"
        + render(detectorTable(), false)
        + "\nPer labelled kind: event recall (median delay)\n\n"
        + render(kindTable(), false);
  }

  public String markdown() {
    return "### "
        + truth.name()
        + "\n\n"
        + summary()
        + ".\n\n"
        + render(detectorTable(), true)
        + "\nPer labelled kind: event recall (median delay)\n\n"
        + render(kindTable(), true);
  }

  private List<List<String>> detectorTable() {
    List<List<String>> t = new ArrayList<>();
    t.add(
        List.of(
            "detector",
            "point P",
            "point R",
            "point F1",
            "FAR %",
            "MAR %",
            "event P",
            "event R",
            "event F1",
            "delay p50 s",
            "delay p90 s",
            "false alarms/day"));
    scores.forEach(
        (name, s) -> {
          DetectorScore.Point p = s.point();
          DetectorScore.Event e = s.event();
          t.add(
              List.of(
                  name,
                  fixed(p.precision(), 3),
                  fixed(p.recall(), 3),
                  fixed(p.f1(), 3),
                  fixed(100 * p.falseAlarmRate(), 2),
                  fixed(100 * p.missedAlarmRate(), 2),
                  fixed(e.precision(), 3),
                  fixed(e.recall(), 3),
                  fixed(e.f1(), 3),
                  fixed(e.medianDelayMs() / 1000, 1),
                  fixed(e.p90DelayMs() / 1000, 1),
                  fixed(e.falseAlarmsPerDay(), 1)));
        });
    return t;
  }

  private List<List<String>> kindTable() {
    Set<String> kinds = new LinkedHashSet<>();
    truth.segments().forEach(s -> kinds.add(s.kind()));
    List<String> header = new ArrayList<>(List.of("kind", "segments"));
    header.addAll(scores.keySet());
    List<List<String>> t = new ArrayList<>();
    t.add(header);
    for (String kind : kinds) {
      List<String> row = new ArrayList<>();
      row.add(kind);
      row.add(Long.toString(truth.segments().stream().filter(s -> s.kind().equals(kind)).count()));
      for (DetectorScore s : scores.values()) {
        DetectorScore.KindScore k = s.byKind().get(kind);
        row.add(fixed(k.recall(), 3) + " (" + fixed(k.medianDelayMs() / 1000, 1) + " s)");
      }
      t.add(row);
    }
    return t;
  }

  static String fixed(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String render(List<List<String>> table, boolean markdown) {
    int columns = table.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : table) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < table.size(); r++) {
      out.append(line(table.get(r), widths, markdown));
      if (r == 0) {
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
          boolean rightAligned = markdown && c > 0;
          rule.add("-".repeat(widths[c] - (rightAligned ? 1 : 0)) + (rightAligned ? ":" : ""));
        }
        out.append(line(rule, widths, markdown));
      }
    }
    return out.toString();
  }

  private static String line(List<String> cells, int[] widths, boolean markdown) {
    StringBuilder out = new StringBuilder(markdown ? "| " : "");
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String padded =
          c == 0
              ? cell + " ".repeat(widths[c] - cell.length())
              : " ".repeat(widths[c] - cell.length()) + cell;
      out.append(padded).append(markdown ? " | " : "  ");
    }
    return out.toString().stripTrailing() + "\n";
  }
}
