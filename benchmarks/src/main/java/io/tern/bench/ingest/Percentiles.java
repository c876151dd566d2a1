package io.tern.bench.ingest;

import io.tern.sim.fleet.LoadReport;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds.
 *
 * @param count values recorded
 */
public record Percentiles(
    long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

  /** The simulator's reading of the histogram (one place that maps nanoseconds to ms). */
  public static Percentiles of(Histogram nanos) {
    LoadReport.Latency latency = LoadReport.Latency.of(nanos);
    return new Percentiles(
        latency.batches(),
        latency.p50Ms(),
        latency.p90Ms(),
        latency.p99Ms(),
        latency.p999Ms(),
        latency.maxMs());
  }

  /** "p50 / p90 / p99 / p99.9 / max" in ms, or "n/a" without values. */
  public String format() {
    if (count == 0) {
      return "n/a";
    }
    return "%s / %s / %s / %s / %s"
        .formatted(ms(p50Ms), ms(p90Ms), ms(p99Ms), ms(p999Ms), ms(maxMs));
  }

  /** A latency in ms: two decimals below 10, none above. */
  public static String ms(double value) {
    return value < 10 ? "%.2f".formatted(value) : "%.0f".formatted(value);
  }
}
