package io.tern.gateway.device;

/**
 * What the gateway knows about one device, as an immutable snapshot.
 *
 * @param deviceId the device id (topic level)
 * @param lastSeenMs when the pipeline last processed a batch of it, gateway clock, epoch ms; null
 *     if it only sent rejected data
 * @param watermarkMs greatest event time of its accepted readings, epoch ms; null if none
 * @param readingsAccepted readings that passed validation and dedupe
 * @param duplicates readings dropped by dedupe (exact duplicates and seqs beyond the window)
 * @param deadLetters readings or whole messages rejected by validation
 */
public record DeviceActivity(
    String deviceId,
    Long lastSeenMs,
    Long watermarkMs,
    long readingsAccepted,
    long duplicates,
    long deadLetters) {}
