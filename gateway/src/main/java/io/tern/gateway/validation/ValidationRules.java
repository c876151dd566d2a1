package io.tern.gateway.validation;

import java.time.Duration;
import java.util.Map;

/**
 * The limits telemetry is checked against.
 *
 * @param maxBatchReadings most readings one message may carry
 * @param maxEventTimeAhead how far a reading's event time may be ahead of the gateway clock
 * @param maxEventAge how far a reading's event time may be behind the gateway clock
 * @param requireClientIdMatch whether the sender's MQTT client id must equal the topic's device id
 * @param valueRanges plausible values per metric name; metrics not listed accept any finite value
 */
public record ValidationRules(
    int maxBatchReadings,
    Duration maxEventTimeAhead,
    Duration maxEventAge,
    boolean requireClientIdMatch,
    Map<String, ValueRange> valueRanges) {

  /** The defaults: 10,000 readings, 5 minutes ahead, 30 days old, client id checked, no ranges. */
  public static final ValidationRules DEFAULTS =
      new ValidationRules(10_000, Duration.ofMinutes(5), Duration.ofDays(30), true, Map.of());

  public ValidationRules {
    if (maxBatchReadings < 1) {
      throw new IllegalArgumentException(
          "maxBatchReadings must be positive, was " + maxBatchReadings);
    }
    if (maxEventTimeAhead.isNegative() || maxEventAge.isNegative()) {
      throw new IllegalArgumentException(
          "event time limits must not be negative, were " + maxEventTimeAhead + ", " + maxEventAge);
    }
    valueRanges = Map.copyOf(valueRanges);
  }
}
