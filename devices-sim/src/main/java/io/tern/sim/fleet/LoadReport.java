package io.tern.sim.fleet;

import org.HdrHistogram.Histogram;

/**
 * What the direct devices of a scenario with a {@code load} block measured: the PUBACK latency of
 * their batches (publish to PUBACK; the gateway acknowledges a batch only once it is journaled, so
 * this is its ingest latency as a device sees it) and the readings acknowledged per second, over
 * the last progress interval, since the fleet started, and in the steady state (intervals that
 * began and ended with every device connected: no connection ramp, no reconnections).
 *
 * @param readingsAcked readings acknowledged since the start (duplicates excluded)
 * @param refusals batches the gateway refused with an error PUBACK (each sent again)
 */
public record LoadReport(
    Part interval, Part whole, Part steady, long readingsAcked, long refusals) {

  /** Latency and acknowledged readings per second over one stretch of the run. */
  public record Part(Latency latency, double readingsPerSecond) {

    String format() {
      return latency.batches() == 0
          ? "%.0f readings/s acked, no batches".formatted(readingsPerSecond)
          : "%.0f readings/s acked, PUBACK %s (%d batches)"
              .formatted(readingsPerSecond, latency.format(), latency.batches());
    }
  }

  /**
   * Percentiles of batch PUBACK latency in milliseconds.
   *
   * @param batches batches measured
   */
  public record Latency(
      long batches, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    private static final double NANOS_PER_MS = 1e6;

    /** The percentiles of a histogram of nanoseconds, in milliseconds. */
    public static Latency of(Histogram nanos) {
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
    return "load: " + interval.format();
  }

  /** The end-of-run summary: since the start, and in the steady state. */
  public String wholeSummary() {
    return "load, whole run: %s; %d readings acked, %d refused%nload, steady state: %s"
        .formatted(whole.format(), readingsAcked, refusals, steady.format());
  }
}
