package io.tern.bench.ingest;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds.
 *
 * @param count values recorded
 */
public record Percentiles(
    long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

  private static final double NANOS_PER_MS = 1_000_000.0;

  public static Percentiles of(Histogram nanos) {
    return new Percentiles(
        nanos.getTotalCount(),
        nanos.getValueAtPercentile(50) / NANOS_PER_MS,
        nanos.getValueAtPercentile(90) / NANOS_PER_MS,
        nanos.getValueAtPercentile(99) / NANOS_PER_MS,
        nanos.getValueAtPercentile(99.9) / NANOS_PER_MS,
        nanos.getMaxValue() / NANOS_PER_MS);
  }

  /** "p50 / p90 / p99 / p99.9 / max" in ms, or "n/a" without values. */
  public String format() {
    if (count == 0) {
      return "n/a";
    }
    return "%s / %s / %s / %s / %s"
        .formatted(ms(p50Ms), ms(p90Ms), ms(p99Ms), ms(p999Ms), ms(maxMs));
  }

  static String ms(double value) {
    return value < 10 ? "%.2f".formatted(value) : "%.0f".formatted(value);
  }
}
