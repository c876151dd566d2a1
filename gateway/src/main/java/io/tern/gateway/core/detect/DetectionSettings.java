package io.tern.gateway.core.detect;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of anomaly detection. None is required: the defaults work on any metric at any scale and
 * sampling interval; these refine them.
 *
 * @param sensitivity global sensitivity, 1.0 by default; 2.0 alerts on deviations half as large,
 *     0.5 only on ones twice as large
 * @param warmup readings a series needs before its adaptive detectors can raise anything
 * @param minSilence shortest silence reported as missing data or device offline, however fast a
 *     series usually reports (the limit is otherwise {@value Heartbeat#SILENT_INTERVALS} usual
 *     intervals)
 * @param rules refinements per device/metric pattern, in order; later rules win per setting
 */
public record DetectionSettings(
    double sensitivity, int warmup, Duration minSilence, List<DetectionRule> rules) {

  public DetectionSettings {
    if (!(sensitivity > 0 && sensitivity <= 100)) {
      throw new IllegalArgumentException("sensitivity must be in (0, 100], was " + sensitivity);
    }
    if (warmup < 2) {
      throw new IllegalArgumentException("warmup must be >= 2 readings, was " + warmup);
    }
    if (minSilence.isNegative() || minSilence.isZero()) {
      throw new IllegalArgumentException("minSilence must be positive, was " + minSilence);
    }
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
  }

  /** Sensitivity 1.0, warm-up 30 readings, silence of at least 30 s, no rules. */
  public static DetectionSettings defaults() {
    return new DetectionSettings(1.0, 30, Duration.ofSeconds(30), List.of());
  }

  public DetectionSettings withSensitivity(double sensitivity) {
    return new DetectionSettings(sensitivity, warmup, minSilence, rules);
  }

  public DetectionSettings withRules(List<DetectionRule> rules) {
    return new DetectionSettings(sensitivity, warmup, minSilence, rules);
  }
}
