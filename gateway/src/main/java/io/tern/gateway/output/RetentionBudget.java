package io.tern.gateway.output;

import java.time.Duration;
import java.util.Objects;

/**
 * How much output log the gateway keeps at most, delivered or not ({@code
 * tern.gateway.output-log-max-bytes} and {@code output-log-max-age}).
 *
 * @param maxBytes bytes of all cycles together
 * @param maxAge a cycle that ended longer ago than this is deleted
 */
public record RetentionBudget(long maxBytes, Duration maxAge) {

  public RetentionBudget {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException(
          "output-log-max-bytes and output-log-max-age must be positive, were "
              + maxBytes
              + " and "
              + maxAge);
    }
  }
}
