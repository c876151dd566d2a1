package io.tern.gateway.core.rollup;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@link RollupWindows}.
 *
 * @param sizes the tumbling window sizes; every reading goes into one window of each size
 * @param grace how long (event time) a window waits for out-of-order readings after its end
 * @param idleTimeout how long (pipeline clock) after a device's last reading its open windows are
 *     closed anyway; empty = each window's size + grace
 * @param retention how far (event time, behind the device's watermark) emitted windows are kept to
 *     absorb late readings as revisions
 * @param retainedWindows at most this many emitted windows are kept per series and size
 * @param quantiles the quantiles reported in each rollup, each in [0, 1]; empty = none (no sketch)
 * @param relativeAccuracy relative accuracy of the quantile sketch (DDSketch), in (0, 1)
 */
public record RollupSettings(
    List<Duration> sizes,
    Duration grace,
    Optional<Duration> idleTimeout,
    Duration retention,
    int retainedWindows,
    List<Double> quantiles,
    double relativeAccuracy) {

  public RollupSettings {
    sizes = List.copyOf(sizes);
    quantiles = List.copyOf(quantiles);
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(retention, "retention");
    if (sizes.isEmpty() || sizes.stream().distinct().count() != sizes.size()) {
      throw new IllegalArgumentException("window sizes must be non-empty and distinct: " + sizes);
    }
    for (Duration size : sizes) {
      requirePositive("window size", size);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, was " + grace);
    }
    idleTimeout.ifPresent(t -> requirePositive("idle timeout", t));
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must not be negative, was " + retention);
    }
    if (retainedWindows < 0) {
      throw new IllegalArgumentException(
          "retained windows must not be negative, was " + retainedWindows);
    }
    for (double q : quantiles) {
      if (!(q >= 0.0 && q <= 1.0)) {
        throw new IllegalArgumentException("quantiles must be in 0..1, was " + q);
      }
    }
    if (!(relativeAccuracy > 0.0 && relativeAccuracy < 1.0)) {
      throw new IllegalArgumentException(
          "relative accuracy must be in (0, 1), was " + relativeAccuracy);
    }
  }

  /**
   * 10 s, 1 min and 1 h windows, 2 s grace, idle timeout size + grace, 24 h / 64 windows of
   * retention, p50/p90/p99 at 1 % relative accuracy.
   */
  public static RollupSettings defaults() {
    return new RollupSettings(
        List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1)),
        Duration.ofSeconds(2),
        Optional.empty(),
        Duration.ofHours(24),
        64,
        List.of(0.5, 0.9, 0.99),
        0.01);
  }

  /** The same settings with other window sizes. */
  public RollupSettings withSizes(List<Duration> newSizes) {
    return new RollupSettings(
        newSizes, grace, idleTimeout, retention, retainedWindows, quantiles, relativeAccuracy);
  }

  /** The idle timeout of windows of the given size. */
  long idleTimeoutMs(long sizeMs) {
    return idleTimeout.map(Duration::toMillis).orElse(sizeMs + grace.toMillis());
  }

  private static void requirePositive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }
}
