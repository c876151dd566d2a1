package io.tern.bridge;

/**
 * A snapshot of the bridge's progress.
 *
 * @param rollupsDelivered rollups acknowledged by Kafka since this bridge started
 * @param alertsDelivered alerts acknowledged by Kafka since this bridge started
 * @param lag entries in the output log not yet delivered
 * @param decodeErrors output-log entries skipped because they could not be decoded
 * @param kafkaUp whether the last interaction with Kafka succeeded
 */
public record BridgeStats(
    long rollupsDelivered, long alertsDelivered, long lag, long decodeErrors, boolean kafkaUp) {}
