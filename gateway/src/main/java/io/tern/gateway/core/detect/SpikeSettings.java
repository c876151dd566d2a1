package io.tern.gateway.core.detect;

/**
 * Tuning of the {@link SpikeDetector}.
 *
 * @param threshold deviations from the baseline (in robust standard deviations) that raise an alert
 * @param clearThreshold deviations below which a reading counts as normal again (hysteresis)
 * @param clearAfter consecutive normal readings that clear an active alert
 * @param warmup readings a series needs before it can raise anything
 * @param alpha EWMA weight of a new reading in the baseline (0..1)
 */
public record SpikeSettings(
    double threshold, double clearThreshold, int clearAfter, int warmup, double alpha) {

  public SpikeSettings {
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("threshold must be positive, was " + threshold);
    }
    if (!(clearThreshold > 0 && clearThreshold <= threshold)) {
      throw new IllegalArgumentException(
          "clearThreshold must be in (0, threshold], was " + clearThreshold);
    }
    if (clearAfter < 1 || warmup < 2) {
      throw new IllegalArgumentException("clearAfter must be >= 1 and warmup >= 2");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
  }

  /** Defaults: raise at 6 deviations, clear after 10 readings under 3, warm-up 30, alpha 0.05. */
  public static SpikeSettings defaults() {
    return withThreshold(6.0);
  }

  /** Defaults with another raise threshold; the clear threshold is half of it. */
  public static SpikeSettings withThreshold(double threshold) {
    return new SpikeSettings(threshold, threshold / 2, 10, 30, 0.05);
  }
}
