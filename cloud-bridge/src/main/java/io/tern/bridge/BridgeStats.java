package io.tern.bridge;

/**
 * A snapshot of the bridge's progress.
 *
 * @param rollupsDelivered rollups acknowledged by Kafka since this bridge started
 * @param alertsDelivered alerts acknowledged by Kafka since this bridge started
 * @param lag entries in the output log not yet delivered
 * @param decodeErrors output-log entries skipped because they could not be decoded
 * @param kafkaUp whether the last interaction with Kafka succeeded
 * @param gapEntries output-log entries the gateway deleted (log over its budget) before this bridge
 *     delivered them; delivery went on with the next entry still in the log
 */
public record BridgeStats(
    long rollupsDelivered,
    long alertsDelivered,
    long lag,
    long decodeErrors,
    boolean kafkaUp,
    long gapEntries) {

  /** Without a gap. */
  public BridgeStats(
      long rollupsDelivered, long alertsDelivered, long lag, long decodeErrors, boolean kafkaUp) {
    this(rollupsDelivered, alertsDelivered, lag, decodeErrors, kafkaUp, 0);
  }
}
