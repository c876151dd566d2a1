package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.SeriesKey;
import io.tern.gateway.core.model.Severity;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * {@link AlertKind#THRESHOLD}: a reading outside the fixed {@code min}/{@code max} a {@link
 * DetectionRule} gives the series (no rule, no alert). Cleared after {@value #CLEAR_AFTER}
 * consecutive readings inside the limits.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class ThresholdDetector {
  static final int CLEAR_AFTER = 3;

  private final AlertLifecycle lifecycle;

  ThresholdDetector(SeriesKey series) {
    this.lifecycle = new AlertLifecycle(series, AlertKind.THRESHOLD);
  }

  Optional<Alert> observe(Observation at, SeriesPolicy policy) {
    double value = at.value();
    boolean high = policy.max().isPresent() && value > policy.max().getAsDouble();
    boolean low = policy.min().isPresent() && value < policy.min().getAsDouble();
    if (high || low) {
      if (lifecycle.active()) {
        lifecycle.abnormal();
        return Optional.empty();
      }
      String limit =
          high
              ? "above max " + NumberText.of(policy.max().getAsDouble())
              : "below min " + NumberText.of(policy.min().getAsDouble());
      return Optional.of(
          lifecycle.raise(
              at,
              policy.severity(Severity.WARNING),
              1.0,
              "value " + NumberText.of(value) + " is " + limit));
    }
    if (!lifecycle.active() || lifecycle.normal() < CLEAR_AFTER) {
      return Optional.empty();
    }
    return Optional.of(
        lifecycle.clear(
            at,
            0.0,
            "value " + NumberText.of(value) + " within limits for " + CLEAR_AFTER + " readings"));
  }

  void write(DataOutput out) throws IOException {
    lifecycle.write(out);
  }

  static ThresholdDetector read(SeriesKey series, DataInput in) throws IOException {
    ThresholdDetector detector = new ThresholdDetector(series);
    detector.lifecycle.read(in);
    return detector;
  }
}
