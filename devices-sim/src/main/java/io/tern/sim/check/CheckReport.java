package io.tern.sim.check;

import io.tern.sim.check.AlertsCheck.AlertKindResult;
import io.tern.sim.check.AlertsCheck.KindResult;
import io.tern.sim.check.ReadingsCheck.SeriesResult;
import io.tern.sim.check.ReadingsCheck.WindowMismatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The checker's verdict: readings lost and doubled, alert recall/precision/delay, and the broken
 * promises ({@link #failures()}; empty = passed). {@link #render()} is the table the CLI prints.
 */
public record CheckReport(
    ReadingsCheck.Result readings, AlertsCheck.Result alerts, CheckSettings settings) {

  private static final int MISMATCHES_SHOWN = 10;

  /** One line per broken promise: readings lost or doubled, recall below a scenario threshold. */
  public List<String> failures() {
    List<String> failures = new ArrayList<>();
    if (readings.lost() > 0) {
      failures.add(readings.lost() + " readings lost");
    }
    if (readings.doubled() > 0) {
      failures.add(readings.doubled() + " readings double-counted");
    }
    for (KindResult kind : alerts.kinds()) {
      if (kind.failed()) {
        failures.add(
            String.format(
                Locale.ROOT,
                "recall of %s %.2f < min-recall %.2f",
                kind.kind().yamlName(),
                kind.recall().getAsDouble(),
                kind.minRecall().orElseThrow()));
      }
    }
    return failures;
  }

  public boolean passed() {
    return failures().isEmpty();
  }

  /** A readable multi-line report ending with {@code PASS} or {@code FAIL: …}. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        readings.windowMs() == 0
            ? "Readings: no rollup of a generated series was found\n"
            : "Readings (rollup window " + readings.windowMs() + " ms)\n");
    String row = "%-20s %-22s %10s %10s %8s %8s %14s%n";
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "device",
            "metric",
            "generated",
            "counted",
            "lost",
            "doubled",
            "wrong windows"));
    for (SeriesResult s : readings.series()) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              s.deviceId(),
              s.metric(),
              s.generated(),
              s.counted(),
              s.lost(),
              s.doubled(),
              s.windowsWrong()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "total",
            "",
            readings.generated(),
            readings.counted(),
            readings.lost(),
            readings.doubled(),
            readings.mismatches().size()));
    out.append(
        String.format(
            Locale.ROOT,
            "repeated rollup lines: %d; rollups outside the run's windows (not compared): %d%n",
            readings.repeatedLines(),
            readings.outsideRun()));
    List<WindowMismatch> shown =
        readings.mismatches().subList(0, Math.min(MISMATCHES_SHOWN, readings.mismatches().size()));
    for (WindowMismatch m : shown) {
      out.append(
          String.format(
              Locale.ROOT,
              "  window %s/%s@%d: generated %d, counted %d%n",
              m.deviceId(),
              m.metric(),
              m.windowStartMs(),
              m.generated(),
              m.counted()));
    }
    if (readings.mismatches().size() > shown.size()) {
      out.append("  … and ")
          .append(readings.mismatches().size() - shown.size())
          .append(" more windows\n");
    }
    renderAlerts(out);
    List<String> failures = failures();
    out.append(failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures)).append('\n');
    return out.toString();
  }

  private void renderAlerts(StringBuilder out) {
    out.append(
        String.format(
            Locale.ROOT,
            "%nAlerts vs labels (an alert matches up to %d ms after a label's end)%n",
            settings.tolerance().toMillis()));
    String row = "%-12s %7s %9s %7s %11s %13s %10s%n";
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "anomaly",
            "labels",
            "detected",
            "recall",
            "min-recall",
            "median delay",
            "max delay"));
    for (KindResult k : alerts.kinds()) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              k.kind().yamlName(),
              k.labels(),
              k.detected(),
              ratio(k.recall()),
              k.minRecall().map(CheckReport::twoDecimals).orElse("-"),
              millis(k.medianDelayMs()),
              millis(k.maxDelayMs())));
    }
    String alertRow = "%-12s %7s %9s %9s%n";
    out.append(
        String.format(Locale.ROOT, alertRow, "alert kind", "raised", "matching", "precision"));
    for (AlertKindResult a : alerts.alertKinds()) {
      out.append(
          String.format(
              Locale.ROOT,
              alertRow,
              a.kind(),
              a.raised(),
              a.matching(),
              twoDecimals(a.precision())));
    }
    int raised = alerts.raised();
    out.append(
        String.format(
            Locale.ROOT,
            alertRow,
            "all",
            raised,
            alerts.matching(),
            raised == 0 ? "-" : twoDecimals((double) alerts.matching() / raised)));
  }

  private static String ratio(OptionalDouble value) {
    return value.isPresent() ? twoDecimals(value.getAsDouble()) : "n/a";
  }

  private static String twoDecimals(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String millis(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.0f ms", value.getAsDouble()) : "-";
  }
}
