package io.tern.sim.fleet;

import org.HdrHistogram.Histogram;

/**
 * What the direct devices of a scenario with a {@code load} block measured: the PUBACK latency of
 * their batches (publish to PUBACK; the gateway acknowledges a batch only once it is journaled, so
 * this is its ingest latency as a device sees it) and the readings acknowledged per second, over
 * the last progress interval and since the fleet started.
 *
 * @param readingsAcked readings acknowledged since the start (duplicates excluded)
 * @param refusals batches the gateway refused with an error PUBACK (each sent again)
 */
public record LoadReport(
    Latency interval,
    double intervalReadingsPerSecond,
    Latency whole,
    double wholeReadingsPerSecond,
    long readingsAcked,
    long refusals) {

  /**
   * Percentiles of batch PUBACK latency in milliseconds.
   *
   * @param batches batches measured
   */
  public record Latency(
      long batches, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    private static final double NANOS_PER_MS = 1e6;

    static Latency of(Histogram nanos) {
      return new Latency(
          nanos.getTotalCount(),
          nanos.getValueAtPercentile(50) / NANOS_PER_MS,
          nanos.getValueAtPercentile(90) / NANOS_PER_MS,
          nanos.getValueAtPercentile(99) / NANOS_PER_MS,
          nanos.getValueAtPercentile(99.9) / NANOS_PER_MS,
          nanos.getMaxValue() / NANOS_PER_MS);
    }

    /** {@code p50 1.2 p90 3.4 p99 8.0 p99.9 12 max 40 ms}, or {@code no batches}. */
    public String format() {
      if (batches == 0) {
        return "no batches";
      }
      return "p50 %s p90 %s p99 %s p99.9 %s max %s ms"
          .formatted(ms(p50Ms), ms(p90Ms), ms(p99Ms), ms(p999Ms), ms(maxMs));
    }

    private static String ms(double value) {
      return value < 10 ? "%.1f".formatted(value) : "%.0f".formatted(value);
    }
  }

  /** The progress line's load part: the last interval. */
  public String intervalSummary() {
    return "load: %.0f readings/s acked, PUBACK %s (%d batches)"
        .formatted(intervalReadingsPerSecond, interval.format(), interval.batches());
  }

  /** The end-of-run summary: since the start. */
  public String wholeSummary() {
    return "load, whole run: %d readings acked, %.0f readings/s, PUBACK %s (%d batches), %d refused"
        .formatted(
            readingsAcked, wholeReadingsPerSecond, whole.format(), whole.batches(), refusals);
  }
}
