package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.Severity;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What the {@link DetectionRule rules} say about one series, merged in order (later rules win per
 * setting; switched-off detectors add up). Resolved when the series is first seen or restored, so
 * changed rules apply after a restart.
 *
 * @param maxRate the fastest allowed change, unit per second, if a rule gives one
 * @param sensitivity the global sensitivity times the series' own, if a rule gives one
 */
record SeriesPolicy(
    OptionalDouble min,
    OptionalDouble max,
    OptionalDouble maxRate,
    Set<AlertKind> off,
    Optional<Severity> severity,
    double sensitivity) {

  static SeriesPolicy resolve(DetectionSettings settings, String deviceId, String metric) {
    OptionalDouble min = OptionalDouble.empty();
    OptionalDouble max = OptionalDouble.empty();
    OptionalDouble maxRate = OptionalDouble.empty();
    Set<AlertKind> off = EnumSet.noneOf(AlertKind.class);
    Optional<Severity> severity = Optional.empty();
    double sensitivity = settings.sensitivity();
    for (DetectionRule rule : settings.rules()) {
      if (!rule.matches(deviceId, metric)) {
        continue;
      }
      min = rule.min().isPresent() ? rule.min() : min;
      max = rule.max().isPresent() ? rule.max() : max;
      maxRate = rule.maxRate().isPresent() ? rule.maxRate() : maxRate;
      off.addAll(rule.off());
      severity = rule.severity().isPresent() ? rule.severity() : severity;
      if (rule.sensitivity().isPresent()) {
        sensitivity = settings.sensitivity() * rule.sensitivity().getAsDouble();
      }
    }
    return new SeriesPolicy(min, max, maxRate, Set.copyOf(off), severity, sensitivity);
  }

  boolean enabled(AlertKind kind) {
    return !off.contains(kind);
  }

  /** The rule's severity if one is set, otherwise the detector's. */
  Severity severity(Severity detectors) {
    return severity.orElse(detectors);
  }
}
