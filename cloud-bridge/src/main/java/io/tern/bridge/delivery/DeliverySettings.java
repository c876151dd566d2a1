package io.tern.bridge.delivery;

import java.time.Duration;

/**
 * Tuning of the delivery loop.
 *
 * @param maxBatch most entries delivered in one batch
 * @param idlePoll wait before looking at the log again when it had nothing new
 * @param minBackoff first wait after a failed delivery; doubles up to {@code maxBackoff}
 * @param maxBackoff longest wait between delivery attempts
 */
public record DeliverySettings(
    int maxBatch, Duration idlePoll, Duration minBackoff, Duration maxBackoff) {

  public static final DeliverySettings DEFAULTS =
      new DeliverySettings(
          500, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));

  public DeliverySettings {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
    }
  }
}
