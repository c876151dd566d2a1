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
 * {@link AlertKind#SPIKE}: a reading more than {@value #THRESHOLD} robust deviations (divided by
 * the sensitivity) from the series' adaptive baseline; cleared after {@value #CLEAR_AFTER}
 * consecutive readings within half that distance. A spike cannot poison the baseline (see {@link
 * RobustBaseline}), so the readings after it are judged against the level before it.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class SpikeDetector {
  static final double THRESHOLD = 6.0;
  static final int CLEAR_AFTER = 10;
  static final double ALPHA = 0.05;

  private final RobustBaseline baseline;
  private final AlertLifecycle lifecycle;

  SpikeDetector(SeriesKey series) {
    this(new RobustBaseline(ALPHA), new AlertLifecycle(series, AlertKind.SPIKE));
  }

  private SpikeDetector(RobustBaseline baseline, AlertLifecycle lifecycle) {
    this.baseline = baseline;
    this.lifecycle = lifecycle;
  }

  /** The adaptive baseline of the series (mean and scale), shared with other detectors to read. */
  RobustBaseline baseline() {
    return baseline;
  }

  Optional<Alert> observe(Observation at, SeriesPolicy policy, int warmup) {
    boolean warmedUp = baseline.count() >= warmup;
    Optional<Alert> alert = warmedUp ? evaluate(at, policy) : Optional.empty();
    baseline.update(at.value(), warmedUp);
    return alert;
  }

  private Optional<Alert> evaluate(Observation at, SeriesPolicy policy) {
    double threshold = THRESHOLD / policy.sensitivity();
    double deviations = baseline.deviations(at.value());
    double score = 1.0 - threshold / (deviations + threshold);
    if (!lifecycle.active()) {
      if (deviations <= threshold) {
        return Optional.empty();
      }
      Severity severity = deviations >= 2 * threshold ? Severity.CRITICAL : Severity.WARNING;
      String direction = at.value() >= baseline.mean() ? "above" : "below";
      return Optional.of(
          lifecycle.raise(
              at,
              policy.severity(severity),
              score,
              "value "
                  + NumberText.of(at.value())
                  + " is "
                  + NumberText.deviations(deviations)
                  + " deviations "
                  + direction
                  + " baseline "
                  + NumberText.of(baseline.mean())));
    }
    if (deviations > threshold / 2) {
      lifecycle.abnormal();
      return Optional.empty();
    }
    if (lifecycle.normal() < CLEAR_AFTER) {
      return Optional.empty();
    }
    return Optional.of(
        lifecycle.clear(
            at,
            score,
            "value "
                + NumberText.of(at.value())
                + " back near baseline "
                + NumberText.of(baseline.mean())
                + " for "
                + CLEAR_AFTER
                + " readings"));
  }

  void write(DataOutput out) throws IOException {
    baseline.write(out);
    lifecycle.write(out);
  }

  static SpikeDetector read(SeriesKey series, DataInput in) throws IOException {
    SpikeDetector detector =
        new SpikeDetector(
            RobustBaseline.read(ALPHA, in), new AlertLifecycle(series, AlertKind.SPIKE));
    detector.lifecycle.read(in);
    return detector;
  }
}
