package io.tern.bench.noisy;

import io.tern.bench.ingest.Percentiles;

/**
 * The well-behaved devices' figures over one measured phase.
 *
 * @param name short name, e.g. "A"
 * @param description what ran, e.g. "100 devices alone"
 * @param seconds length of the measured interval
 * @param batchesAcked batches acknowledged with a success PUBACK in the interval
 * @param readingsAcked readings in those batches
 * @param refused error PUBACKs in the interval (each batch retried; its latency counts from the
 *     first attempt)
 * @param errors publishes that failed without a PUBACK in the interval
 * @param latency publish to PUBACK of the batches acknowledged in the interval
 * @param maxBacklog most batches behind schedule (due, waiting for a free in-flight slot) seen in
 *     the interval, sampled every 100 ms; above 0 the devices could not keep their rate
 * @param flood what the flooder sent in the interval; {@link FloodCounts#none()} without one
 */
public record PhaseResult(
    String name,
    String description,
    double seconds,
    long batchesAcked,
    long readingsAcked,
    long refused,
    long errors,
    Percentiles latency,
    long maxBacklog,
    FloodCounts flood) {

  public double readingsPerSecond() {
    return seconds <= 0 ? 0 : readingsAcked / seconds;
  }

  /** Flood messages answered per second in the interval. */
  public double floodPerSecond() {
    return seconds <= 0 ? 0 : flood.completed() / seconds;
  }
}
