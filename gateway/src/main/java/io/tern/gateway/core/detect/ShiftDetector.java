package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.SeriesKey;
import io.tern.gateway.core.model.Severity;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A lasting move of a series away from its reference level: {@link AlertKind#LEVEL_SHIFT} (fast
 * reference, catches steps) or {@link AlertKind#DRIFT} (slow reference, catches creeping change).
 *
 * <p>A two-sided CUSUM of the readings' deviations from the reference (in robust standard
 * deviations, each capped at {@value #CAP} so that one outlier adds little) minus a slack; raised
 * when either sum passes the limit (divided by the sensitivity). The reference stops learning while
 * evidence builds up and while the alert is active, so it keeps the level from before the move.
 * Cleared after {@value #CLEAR_AFTER} consecutive readings whose smoothed deviation is back under
 * one; or, when the series stays at its new level for the tuning's {@code acceptAfter} of event
 * time, cleared as "new level accepted" and the reference moves there.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class ShiftDetector {
  static final double CAP = 4.0;
  static final int CLEAR_AFTER = 10;
  static final int ACCEPT_AFTER_READINGS = 120;
  private static final double RECENT_ALPHA = 0.2;

  /**
   * @param alpha EWMA weight of the reference's mean
   * @param scaleAlpha EWMA weight of the reference's scale
   * @param gate the mean learns only from readings within this many deviations
   * @param warmup readings the reference learns from before anything can be raised (at least the
   *     settings' warm-up)
   * @param slack deviations per reading that do not count as evidence
   * @param limit evidence (sum of deviations beyond the slack) that raises the alert
   * @param acceptAfter time at a new level after which it becomes the reference
   */
  record Tuning(
      AlertKind kind,
      double alpha,
      double scaleAlpha,
      double gate,
      int warmup,
      double slack,
      double limit,
      Duration acceptAfter) {}

  static final Tuning LEVEL =
      new Tuning(AlertKind.LEVEL_SHIFT, 0.05, 0.01, 2.5, 80, 1.5, 10.0, Duration.ofHours(1));
  static final Tuning DRIFT =
      new Tuning(
          AlertKind.DRIFT,
          0.001,
          0.0001,
          Double.POSITIVE_INFINITY,
          2000,
          1.5,
          40.0,
          Duration.ofHours(6));

  private final Tuning tuning;
  private final RobustBaseline reference;
  private final AlertLifecycle lifecycle;
  private double up;
  private double down;
  private double recent;
  private double level;
  private long raisedAtMs;
  private long activeReadings;

  ShiftDetector(SeriesKey series, Tuning tuning) {
    this(
        tuning,
        new RobustBaseline(tuning.alpha(), tuning.scaleAlpha(), tuning.gate()),
        new AlertLifecycle(series, tuning.kind()));
  }

  private ShiftDetector(Tuning tuning, RobustBaseline reference, AlertLifecycle lifecycle) {
    this.tuning = tuning;
    this.reference = reference;
    this.lifecycle = lifecycle;
  }

  boolean active() {
    return lifecycle.active();
  }

  /** The level the series moved to (smoothed), meaningful while active. */
  double level() {
    return level;
  }

  /** Makes {@code newLevel} the reference, forgetting any evidence (another detector saw it). */
  void rebase(double newLevel) {
    reference.rebase(newLevel);
    up = 0;
    down = 0;
  }

  Optional<Alert> observe(Observation at, SeriesPolicy policy, int warmup) {
    double value = at.value();
    if (reference.count() < Math.max(warmup, tuning.warmup())) {
      reference.update(value, false);
      return Optional.empty();
    }
    double deviation = (value - reference.mean()) / reference.scale();
    double capped = Math.max(-CAP, Math.min(CAP, deviation));
    if (lifecycle.active()) {
      return whileActive(at, capped);
    }
    double limit = tuning.limit() / policy.sensitivity();
    up = Math.max(0, up + capped - tuning.slack());
    down = Math.max(0, down - capped - tuning.slack());
    double evidence = Math.max(up, down);
    if (evidence > limit) {
      recent = capped;
      level = value;
      raisedAtMs = at.eventTimeMs();
      activeReadings = 0;
      return Optional.of(raise(at, policy, evidence, limit));
    }
    if (evidence < limit / 2) {
      reference.update(value, true);
    }
    return Optional.empty();
  }

  private Alert raise(Observation at, SeriesPolicy policy, double evidence, double limit) {
    String direction = up > down ? "up" : "down";
    String what = tuning.kind() == AlertKind.DRIFT ? "drifted " : "shifted ";
    return lifecycle.raise(
        at,
        policy.severity(Severity.WARNING),
        1.0 - limit / (evidence + limit),
        what
            + direction
            + ": value "
            + NumberText.of(at.value())
            + ", reference level "
            + NumberText.of(reference.mean())
            + " ± "
            + NumberText.of(reference.scale()));
  }

  private Optional<Alert> whileActive(Observation at, double capped) {
    recent += RECENT_ALPHA * (capped - recent);
    level += RECENT_ALPHA * (at.value() - level);
    double score = Math.abs(recent) / CAP;
    if (Math.abs(recent) < 1.0) {
      if (lifecycle.normal() >= CLEAR_AFTER) {
        up = 0;
        down = 0;
        return Optional.of(
            lifecycle.clear(
                at,
                score,
                "back at reference level "
                    + NumberText.of(reference.mean())
                    + ": value "
                    + NumberText.of(at.value())));
      }
      return Optional.empty();
    }
    lifecycle.abnormal();
    activeReadings++;
    if (activeReadings < ACCEPT_AFTER_READINGS
        || at.eventTimeMs() - raisedAtMs < tuning.acceptAfter().toMillis()) {
      return Optional.empty();
    }
    rebase(level);
    return Optional.of(
        lifecycle.clear(
            at,
            score,
            "new level "
                + NumberText.of(level)
                + " accepted as normal after "
                + tuning.acceptAfter().toMinutes()
                + " min"));
  }

  void write(DataOutput out) throws IOException {
    out.writeBoolean(reference.count() > 0);
    if (reference.count() > 0) {
      reference.write(out);
    }
    StateCodec.writeDouble(out, up);
    StateCodec.writeDouble(out, down);
    StateCodec.writeDouble(out, recent);
    StateCodec.writeDouble(out, level);
    out.writeLong(raisedAtMs);
    out.writeLong(activeReadings);
    lifecycle.write(out);
  }

  static ShiftDetector read(SeriesKey series, Tuning tuning, DataInput in) throws IOException {
    RobustBaseline reference =
        StateCodec.readBoolean(in, tuning.kind() + " reference")
            ? RobustBaseline.read(tuning.alpha(), tuning.scaleAlpha(), tuning.gate(), in)
            : new RobustBaseline(tuning.alpha(), tuning.scaleAlpha(), tuning.gate());
    ShiftDetector detector =
        new ShiftDetector(tuning, reference, new AlertLifecycle(series, tuning.kind()));
    detector.up = StateCodec.readDouble(in);
    detector.down = StateCodec.readDouble(in);
    detector.recent = StateCodec.readDouble(in);
    detector.level = StateCodec.readDouble(in);
    detector.raisedAtMs = in.readLong();
    detector.activeReadings = in.readLong();
    detector.lifecycle.read(in);
    StateCodec.check(detector.up >= 0 && detector.down >= 0, "negative CUSUM of " + series);
    return detector;
  }
}
