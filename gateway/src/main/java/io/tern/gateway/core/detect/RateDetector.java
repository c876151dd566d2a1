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
 * {@link AlertKind#RATE}: the value changes faster than the {@code max-rate} a {@link
 * DetectionRule} allows the series (no rule, no alert) — a rate-of-rise limit such as "a battery
 * must not warm up by more than 2 °C per minute", which can fire long before a fixed threshold.
 *
 * <p>The rate is the change between consecutive readings per second of event time, in either
 * direction. It raises when {@value #RUN} consecutive rates exceed the limit on the same side (one
 * noisy step does not), and clears after {@value #CLEAR_AFTER} consecutive rates within it.
 * Readings whose event time does not advance (reordered or equal) carry no rate and are skipped.
 * Without a rule, fast change is left to the adaptive detectors: a jump is a {@link
 * AlertKind#SPIKE} or {@link AlertKind#LEVEL_SHIFT}, a slow trend a {@link AlertKind#DRIFT}.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class RateDetector {
  static final int RUN = 3;
  static final int CLEAR_AFTER = 3;

  private final AlertLifecycle lifecycle;
  private boolean hasPrevious;
  private double previousValue;
  private long previousTimeMs;
  // Consecutive rates beyond the limit: +n rising, -n falling, 0 none.
  private int run;

  RateDetector(SeriesKey series) {
    this.lifecycle = new AlertLifecycle(series, AlertKind.RATE);
  }

  Optional<Alert> observe(Observation at, SeriesPolicy policy) {
    if (hasPrevious && at.eventTimeMs() <= previousTimeMs) {
      return Optional.empty();
    }
    boolean first = !hasPrevious;
    double rate =
        first ? 0 : (at.value() - previousValue) * 1000.0 / (at.eventTimeMs() - previousTimeMs);
    hasPrevious = true;
    previousValue = at.value();
    previousTimeMs = at.eventTimeMs();
    if (first || policy.maxRate().isEmpty()) {
      return Optional.empty();
    }
    double limit = policy.maxRate().getAsDouble();
    double excess = Math.abs(rate) / limit;
    if (lifecycle.active()) {
      if (excess > 1) {
        lifecycle.abnormal();
        return Optional.empty();
      }
      if (lifecycle.normal() < CLEAR_AFTER) {
        return Optional.empty();
      }
      return Optional.of(
          lifecycle.clear(
              at,
              excess / (excess + 1),
              "rate of change "
                  + perSecond(rate)
                  + " within max-rate "
                  + perSecond(limit)
                  + " for "
                  + CLEAR_AFTER
                  + " readings"));
    }
    int side = excess <= 1 ? 0 : rate > 0 ? 1 : -1;
    run = side == 0 ? 0 : Integer.signum(run) == side ? run + side : side;
    if (Math.abs(run) < RUN) {
      return Optional.empty();
    }
    run = 0;
    return Optional.of(
        lifecycle.raise(
            at,
            policy.severity(Severity.WARNING),
            excess / (excess + 1),
            "value "
                + (rate > 0 ? "rising" : "falling")
                + " at "
                + perSecond(Math.abs(rate))
                + " for "
                + RUN
                + " readings, above max-rate "
                + perSecond(limit)));
  }

  private static String perSecond(double rate) {
    return NumberText.of(rate) + "/s";
  }

  /** Writes the alert state, the previous reading and the current run. */
  void write(DataOutput out) throws IOException {
    lifecycle.write(out);
    out.writeBoolean(hasPrevious);
    StateCodec.writeDouble(out, previousValue);
    out.writeLong(previousTimeMs);
    out.writeInt(run);
  }

  static RateDetector read(SeriesKey series, DataInput in) throws IOException {
    RateDetector detector = new RateDetector(series);
    detector.lifecycle.read(in);
    detector.hasPrevious = StateCodec.readBoolean(in, "rate previous reading present");
    detector.previousValue = StateCodec.readDouble(in);
    detector.previousTimeMs = in.readLong();
    detector.run = in.readInt();
    StateCodec.check(Math.abs(detector.run) < RUN, "rate run " + detector.run);
    return detector;
  }
}
