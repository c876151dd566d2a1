package io.tern.gateway.status;

/**
 * A snapshot of the gateway's counters since it started.
 *
 * @param devices distinct devices that sent at least one valid telemetry batch
 * @param batches valid telemetry batches processed
 * @param readings readings processed
 * @param decodeErrors telemetry messages rejected as undecodable or invalid
 * @param rollups rollup windows emitted
 * @param alertsRaised alerts raised
 * @param activeAlerts alerts raised and not yet cleared
 */
public record GatewayStats(
    long devices,
    long batches,
    long readings,
    long decodeErrors,
    long rollups,
    long alertsRaised,
    long activeAlerts) {}
