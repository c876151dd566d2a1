package io.tern.sim.signal;

import java.time.Duration;
import java.util.List;

/**
 * One metric of a device type: its signal model, parameters and the anomalies injected into it.
 * Parameter meaning per model is in devices-sim/README.md.
 */
public record MetricSpec(
    String name,
    SignalModel model,
    double baseline,
    double amplitude,
    Duration period,
    double noise,
    List<AnomalySpec> anomalies) {

  public MetricSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("metric name must not be blank");
    }
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    if (!(amplitude >= 0) || !(noise >= 0)) {
      throw new IllegalArgumentException("amplitude and noise must be >= 0");
    }
    anomalies = List.copyOf(anomalies);
  }
}
