package io.tern.bench.rollup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The summary printed after a rollup benchmark run: readings/s and rollups/s per benchmark, and the
 * ratio of the gateway pipeline to Kafka Streams against the goal.
 */
record RollupReport(List<RollupReport.Row> rows) {

  static final String TERN = "ternPipeline";
  static final String STREAMS = "kafkaStreams";

  /**
   * One benchmark's result.
   *
   * @param benchmark the benchmark method, e.g. {@code ternPipeline}
   * @param readingsPerSecond mean over the measured iterations
   * @param readingsError half-width of JMH's 99.9 % confidence interval (NaN with too few samples)
   * @param rollupsPerSecond rollups emitted per second, mean
   */
  record Row(
      String benchmark, double readingsPerSecond, double readingsError, double rollupsPerSecond) {}

  RollupReport {
    rows = List.copyOf(rows);
  }

  static RollupReport of(Collection<RunResult> results) {
    List<Row> rows = new ArrayList<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      Result<?> readings = result.getSecondaryResults().get("readings");
      Result<?> rollups = result.getSecondaryResults().get("rollups");
      if (readings == null || rollups == null) {
        throw new IllegalStateException("no readings/rollups counters in the result of " + name);
      }
      rows.add(
          new Row(
              name.substring(name.lastIndexOf('.') + 1),
              readings.getScore(),
              readings.getScoreError(),
              rollups.getScore()));
    }
    return new RollupReport(rows);
  }

  /** The ratio of the gateway pipeline's readings/s to Kafka Streams', if both ran. */
  Optional<Double> ratio() {
    return row(TERN)
        .flatMap(t -> row(STREAMS).map(k -> t.readingsPerSecond() / k.readingsPerSecond()));
  }

  /** The ratio with both error bars against it (ours low, theirs high), if both are known. */
  Optional<Double> conservativeRatio() {
    return row(TERN)
        .flatMap(
            t ->
                row(STREAMS)
                    .filter(
                        k ->
                            Double.isFinite(t.readingsError())
                                && Double.isFinite(k.readingsError()))
                    .map(
                        k ->
                            (t.readingsPerSecond() - t.readingsError())
                                / (k.readingsPerSecond() + k.readingsError())));
  }

  String table(double goal) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-16s %16s %14s %14s%n",
            "benchmark",
            "readings/s",
            "± (99.9 %)",
            "rollups/s"));
    for (Row row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-16s %,16.0f %14s %,14.0f%n",
              row.benchmark(),
              row.readingsPerSecond(),
              Double.isFinite(row.readingsError())
                  ? String.format(Locale.ROOT, "%,.0f", row.readingsError())
                  : "n/a",
              row.rollupsPerSecond()));
    }
    ratio()
        .ifPresent(
            r -> {
              out.append(
                  String.format(
                      Locale.ROOT,
                      "%nratio %s / %s: %.1fx (goal >= %.0fx): %s%n",
                      TERN,
                      STREAMS,
                      r,
                      goal,
                      r >= goal ? "met" : "NOT met"));
              conservativeRatio()
                  .ifPresent(
                      c ->
                          out.append(
                              String.format(
                                  Locale.ROOT,
                                  "ratio with both error bars against us: %.1fx%n",
                                  c)));
            });
    return out.toString();
  }

  private Optional<Row> row(String benchmark) {
    return rows.stream().filter(r -> r.benchmark().equals(benchmark)).findFirst();
  }
}
