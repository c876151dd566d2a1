package io.tern.bench.ingest;

/**
 * What one side of the benchmark achieved.
 *
 * @param label "peer" or "ours"
 * @param description what ran
 * @param measuredSeconds length of the measured interval (after warm-up)
 * @param messagesAcked batches acknowledged (success PUBACK) in the measured interval
 * @param readingsAcked readings in those batches
 * @param readingsDelivered readings delivered downstream in the measured interval (peer: decoded by
 *     the subscriber; ours: processed by the pipeline)
 * @param ackLatency publish to PUBACK, measured interval
 * @param receiptLatency publish to subscriber receipt (peer only; count 0 otherwise)
 * @param refused error PUBACKs over the whole run (each batch retried)
 * @param errors publishes failed without PUBACK over the whole run
 * @param readingsAckedTotal readings acknowledged over the whole run
 * @param readingsDeliveredTotal readings delivered over the whole run, after the drain
 * @param drained whether everything acknowledged was delivered before the drain timeout
 * @param notes side-specific counters
 */
public record SideResult(
    String label,
    String description,
    double measuredSeconds,
    long messagesAcked,
    long readingsAcked,
    long readingsDelivered,
    Percentiles ackLatency,
    Percentiles receiptLatency,
    long refused,
    long errors,
    long readingsAckedTotal,
    long readingsDeliveredTotal,
    boolean drained,
    String notes) {

  public double deliveredPerSecond() {
    return readingsDelivered / measuredSeconds;
  }

  public double ackedReadingsPerSecond() {
    return readingsAcked / measuredSeconds;
  }

  public double ackedMessagesPerSecond() {
    return messagesAcked / measuredSeconds;
  }

  /** Readings acknowledged but not delivered after the drain (negative: delivered extra). */
  public long lost() {
    return readingsAckedTotal - readingsDeliveredTotal;
  }
}
