package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.SeriesKey;
import io.tern.gateway.core.model.Severity;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * {@link AlertKind#STUCK}: a series that usually changes keeps repeating exactly the same value.
 *
 * <p>Learns how often consecutive readings differ ({@code changeRate}, an EWMA). A run of {@code n}
 * repeats has probability about {@code (1 - changeRate)^n} when the sensor works, so the alert is
 * raised when that falls below {@value #IMPROBABLE} (times the sensitivity), and never for a run
 * under {@value #MIN_RUN}. Series that rarely change (under {@value #MIN_CHANGE_RATE} of readings,
 * e.g. a switch or a counter at rest) are never called stuck. Cleared by the first different value.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class StuckDetector {
  static final double IMPROBABLE = 1e-6;
  static final int MIN_RUN = 10;
  static final int REPEATING_RUN = 3;
  static final double MIN_CHANGE_RATE = 0.05;
  private static final double ALPHA = 0.01;

  private final AlertLifecycle lifecycle;
  private long count;
  private double previous;
  private long run;
  private double changeRate;

  StuckDetector(SeriesKey series) {
    this.lifecycle = new AlertLifecycle(series, AlertKind.STUCK);
  }

  Optional<Alert> observe(Observation at, SeriesPolicy policy, int warmup) {
    double value = at.value();
    count++;
    if (count == 1) {
      previous = value;
      return Optional.empty();
    }
    boolean changed = Double.compare(value, previous) != 0;
    previous = value;
    run = changed ? 0 : run + 1;
    if (lifecycle.active()) {
      return changed
          ? Optional.of(lifecycle.clear(at, 0.0, "value changed again to " + NumberText.of(value)))
          : Optional.empty();
    }
    long limit = limit(policy.sensitivity());
    if (count > warmup && changeRate >= MIN_CHANGE_RATE && run >= limit) {
      return Optional.of(
          lifecycle.raise(
              at,
              policy.severity(Severity.WARNING),
              0.5,
              "value stuck at "
                  + NumberText.of(value)
                  + " for "
                  + run
                  + " readings; it usually changes in "
                  + Math.round(changeRate * 100)
                  + "% of readings"));
    }
    if (run < limit / 2) {
      double weight = Math.max(ALPHA, 1.0 / count);
      changeRate += weight * ((changed ? 1.0 : 0.0) - changeRate);
    }
    return Optional.empty();
  }

  /**
   * Whether the series, which usually changes with nearly every reading, is repeating a value: the
   * other detectors should not learn from it (a stuck stretch would shrink their scale).
   */
  boolean repeating() {
    return run >= REPEATING_RUN && changeRate >= 0.5;
  }

  private long limit(double sensitivity) {
    if (changeRate >= 1.0) {
      return MIN_RUN;
    }
    double runs = Math.log(IMPROBABLE * sensitivity) / Math.log(1.0 - changeRate);
    return Math.max(MIN_RUN, (long) Math.ceil(runs));
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    StateCodec.writeDouble(out, previous);
    out.writeLong(run);
    StateCodec.writeDouble(out, changeRate);
    lifecycle.write(out);
  }

  static StuckDetector read(SeriesKey series, DataInput in) throws IOException {
    StuckDetector detector = new StuckDetector(series);
    detector.count = in.readLong();
    detector.previous = StateCodec.readDouble(in);
    detector.run = in.readLong();
    detector.changeRate = StateCodec.readDouble(in);
    detector.lifecycle.read(in);
    StateCodec.check(
        detector.count >= 0 && detector.run >= 0 && detector.changeRate >= 0,
        "stuck detector of " + series + " has negative counts");
    return detector;
  }
}
