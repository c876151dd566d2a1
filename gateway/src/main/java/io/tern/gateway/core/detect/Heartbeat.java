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
 * When one series last reported and how often it usually does: the missing-data half of {@link
 * AlertKind#OFFLINE}.
 *
 * <p>The usual interval is learnt from event times (an EWMA of the gaps between consecutive
 * readings), so a 1 Hz vibration series and a 5-minute CPU series each get their own limit: {@value
 * #SILENT_INTERVALS} usual intervals, at least the configured minimum silence. Silence is measured
 * on gateway time (a device that stopped sending has no event time).
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class Heartbeat {
  static final int SILENT_INTERVALS = 5;
  private static final double ALPHA = 0.1;

  private final AlertLifecycle lifecycle;
  private long lastArrivalMs;
  private long lastEventMs = Long.MIN_VALUE;
  private double lastValue;
  private double intervalMs;

  Heartbeat(SeriesKey series) {
    this.lifecycle = new AlertLifecycle(series, AlertKind.OFFLINE);
  }

  long lastArrivalMs() {
    return lastArrivalMs;
  }

  Observation last(long nowMs) {
    return new Observation(lastValue, lastEventMs, nowMs);
  }

  /** A reading of the series arrived: clears a missing-data alert. */
  Optional<Alert> arrived(Observation at) {
    long silentMs = at.detectedAtMs() - lastArrivalMs;
    if (lastEventMs != Long.MIN_VALUE && at.eventTimeMs() > lastEventMs) {
      double gap = at.eventTimeMs() - lastEventMs;
      intervalMs = intervalMs == 0 ? gap : intervalMs + ALPHA * (gap - intervalMs);
    }
    lastEventMs = Math.max(lastEventMs, at.eventTimeMs());
    lastValue = at.value();
    lastArrivalMs = at.detectedAtMs();
    if (!lifecycle.active()) {
      return Optional.empty();
    }
    return Optional.of(
        lifecycle.clear(
            at, 0.0, "readings arrive again after " + Durations.text(silentMs) + " of silence"));
  }

  /** Whether the series has been quiet for longer than its limit at {@code nowMs}. */
  boolean silent(long nowMs, Duration minSilence) {
    if (intervalMs == 0) {
      return false;
    }
    long limit = Math.max(minSilence.toMillis(), Math.round(SILENT_INTERVALS * intervalMs));
    return nowMs - lastArrivalMs > limit;
  }

  /** Raises missing data if not raised yet. */
  Optional<Alert> raiseIfInactive(long nowMs, SeriesPolicy policy, String metric) {
    if (lifecycle.active()) {
      return Optional.empty();
    }
    return Optional.of(
        lifecycle.raise(
            last(nowMs),
            policy.severity(Severity.WARNING),
            1.0,
            "no readings of "
                + metric
                + " for "
                + Durations.text(nowMs - lastArrivalMs)
                + " (usually every "
                + Durations.text(Math.round(intervalMs))
                + ")"));
  }

  /** Gateway time stood still (it was down): silence during the pause is not the device's. */
  void pause(long pausedMs) {
    lastArrivalMs += pausedMs;
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(lastArrivalMs);
    out.writeLong(lastEventMs);
    StateCodec.writeDouble(out, lastValue);
    StateCodec.writeDouble(out, intervalMs);
    lifecycle.write(out);
  }

  static Heartbeat read(SeriesKey series, DataInput in) throws IOException {
    Heartbeat heartbeat = new Heartbeat(series);
    heartbeat.lastArrivalMs = in.readLong();
    heartbeat.lastEventMs = in.readLong();
    heartbeat.lastValue = StateCodec.readDouble(in);
    heartbeat.intervalMs = StateCodec.readDouble(in);
    heartbeat.lifecycle.read(in);
    StateCodec.check(heartbeat.intervalMs >= 0, "negative interval of " + series);
    return heartbeat;
  }
}
