package io.tern.sim.signal;

import java.time.Duration;

/**
 * One kind of anomaly to inject into a series, how often, how big and for how long.
 *
 * @param magnitude in the metric's unit; ignored by stuck and dropout
 * @param duration zero for single-reading spikes/dips; must be positive for the other kinds
 */
public record AnomalySpec(
    AnomalyKind kind, Frequency frequency, double magnitude, Duration duration) {

  /** How often an anomaly starts, while none is active on the series. */
  public sealed interface Frequency {
    /** Chance per reading, in [0, 1]. */
    record PerReading(double probability) implements Frequency {
      public PerReading {
        if (!(probability >= 0 && probability <= 1)) {
          throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
        }
      }
    }

    /** Expected starts per hour of one series (converted using the sample interval). */
    record PerHour(double rate) implements Frequency {
      public PerHour {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
          throw new IllegalArgumentException("rate per hour must be >= 0: " + rate);
        }
      }
    }
  }

  public AnomalySpec {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must be >= 0: " + duration);
    }
    if (kind.needsDuration() && duration.isZero()) {
      throw new IllegalArgumentException(kind.yamlName() + " needs a positive duration");
    }
    if (!Double.isFinite(magnitude)) {
      throw new IllegalArgumentException("magnitude must be finite: " + magnitude);
    }
  }

  /** Chance that this anomaly starts at a reading, for readings {@code intervalMs} apart. */
  public double probabilityPerReading(long intervalMs) {
    if (frequency instanceof Frequency.PerHour perHour) {
      return Math.min(1.0, perHour.rate() * intervalMs / 3_600_000.0);
    }
    return ((Frequency.PerReading) frequency).probability();
  }
}
