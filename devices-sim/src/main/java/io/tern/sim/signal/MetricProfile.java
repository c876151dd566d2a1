package io.tern.sim.signal;

import java.time.Duration;

/**
 * The shape of one simulated metric: a daily-like sine around a baseline, Gaussian noise, and rare
 * spikes. Values are in the metric's own unit, so detectors see realistic, differently scaled
 * series.
 */
public record MetricProfile(
    String metric,
    double baseline,
    double amplitude,
    Duration period,
    double noiseStdDev,
    double spikeMagnitude) {

  public MetricProfile {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    if (noiseStdDev < 0 || amplitude < 0 || spikeMagnitude < 0) {
      throw new IllegalArgumentException("amplitude, noise and spike magnitude must be >= 0");
    }
  }

  /** Temperature, humidity and vibration: three scales (tens, tens, units) and periods. */
  public static java.util.List<MetricProfile> defaults() {
    return java.util.List.of(
        new MetricProfile("temperature_c", 22.0, 3.0, Duration.ofMinutes(2), 0.15, 12.0),
        new MetricProfile("humidity_pct", 48.0, 8.0, Duration.ofMinutes(3), 0.4, 30.0),
        new MetricProfile("vibration_rms_mm_s", 2.2, 0.3, Duration.ofSeconds(90), 0.03, 2.5));
  }
}
