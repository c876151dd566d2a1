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
 * @param duplicates readings dropped by dedupe: exact duplicates and seqs beyond the dedupe window
 *     (apart in the {@code tern.gateway.duplicates} and {@code tern.gateway.dedupe.beyond_window}
 *     metrics)
 * @param deadLetters rejected messages and readings, all reasons ({@code
 *     tern.gateway.dead_letters})
 * @param lateReadings readings that arrived after their window was emitted (each led to a revision)
 */
public record GatewayStats(
    long devices,
    long batches,
    long readings,
    long decodeErrors,
    long rollups,
    long alertsRaised,
    long activeAlerts,
    long duplicates,
    long deadLetters,
    long lateReadings) {}
