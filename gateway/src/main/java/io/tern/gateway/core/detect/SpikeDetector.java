package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.SeriesKey;
import io.tern.gateway.core.model.Severity;
import io.tern.gateway.core.snapshot.CorruptSnapshotException;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * Spike detector of one series: raises a {@link AlertKind#SPIKE} alert when a reading is more than
 * {@code threshold} robust deviations from the adaptive baseline, suppresses repeats while the
 * episode is active, and clears it after {@code clearAfter} consecutive readings under {@code
 * clearThreshold}.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class SpikeDetector {
  private final SeriesKey series;
  private final SpikeSettings settings;
  private final RobustBaseline baseline;
  private Episode active;
  private int normalStreak;

  private record Episode(String id, Severity severity) {}

  SpikeDetector(SeriesKey series, SpikeSettings settings) {
    this(series, settings, new RobustBaseline(settings.alpha()));
  }

  private SpikeDetector(SeriesKey series, SpikeSettings settings, RobustBaseline baseline) {
    this.series = series;
    this.settings = settings;
    this.baseline = baseline;
  }

  /**
   * Writes the state: the baseline, the active episode (id, severity) if any, the normal streak.
   */
  void write(DataOutput out) throws IOException {
    baseline.write(out);
    out.writeBoolean(active != null);
    if (active != null) {
      out.writeUTF(active.id());
      out.writeUTF(active.severity().name());
    }
    out.writeInt(normalStreak);
  }

  /** Reads what {@link #write} wrote. */
  static SpikeDetector read(SeriesKey series, SpikeSettings settings, DataInput in)
      throws IOException {
    SpikeDetector detector =
        new SpikeDetector(series, settings, RobustBaseline.read(settings.alpha(), in));
    if (StateCodec.readBoolean(in, "active episode")) {
      String id = in.readUTF();
      String severity = in.readUTF();
      try {
        detector.active = new Episode(id, Severity.valueOf(severity));
      } catch (IllegalArgumentException e) {
        throw new CorruptSnapshotException(
            "unknown alert severity '" + severity + "' of episode " + id, e);
      }
    }
    detector.normalStreak = in.readInt();
    StateCodec.check(
        detector.normalStreak >= 0, "normal streak " + detector.normalStreak + " is negative");
    return detector;
  }

  Optional<Alert> observe(Reading reading, long detectedAtMs) {
    boolean warmedUp = baseline.count() >= settings.warmup();
    Optional<Alert> alert = Optional.empty();
    if (warmedUp) {
      alert = evaluate(reading, detectedAtMs);
    }
    baseline.update(reading.value(), warmedUp);
    return alert;
  }

  private Optional<Alert> evaluate(Reading reading, long detectedAtMs) {
    double deviations = baseline.deviations(reading.value());
    if (active == null) {
      if (deviations <= settings.threshold()) {
        return Optional.empty();
      }
      Severity severity =
          deviations >= 2 * settings.threshold() ? Severity.CRITICAL : Severity.WARNING;
      active =
          new Episode(Alert.episodeId(series, AlertKind.SPIKE, reading.eventTimeMs()), severity);
      normalStreak = 0;
      return Optional.of(
          alert(
              reading,
              detectedAtMs,
              AlertState.RAISED,
              deviations,
              raisedMessage(reading, deviations)));
    }
    if (deviations > settings.clearThreshold()) {
      normalStreak = 0;
      return Optional.empty();
    }
    normalStreak++;
    if (normalStreak < settings.clearAfter()) {
      return Optional.empty();
    }
    Alert cleared =
        alert(reading, detectedAtMs, AlertState.CLEARED, deviations, clearedMessage(reading));
    active = null;
    normalStreak = 0;
    return Optional.of(cleared);
  }

  private Alert alert(
      Reading reading, long detectedAtMs, AlertState state, double deviations, String message) {
    return new Alert(
        active.id(),
        series.deviceId(),
        series.metric(),
        AlertKind.SPIKE,
        active.severity(),
        state,
        reading.value(),
        reading.eventTimeMs(),
        detectedAtMs,
        score(deviations),
        message);
  }

  /** Maps deviations to 0..1: 0.5 at the threshold, towards 1 for extreme values. */
  private double score(double deviations) {
    return 1.0 - settings.threshold() / (deviations + settings.threshold());
  }

  private String raisedMessage(Reading reading, double deviations) {
    String direction = reading.value() >= baseline.mean() ? "above" : "below";
    return "value "
        + NumberText.of(reading.value())
        + " is "
        + NumberText.deviations(deviations)
        + " deviations "
        + direction
        + " baseline "
        + NumberText.of(baseline.mean());
  }

  private String clearedMessage(Reading reading) {
    return "value "
        + NumberText.of(reading.value())
        + " back near baseline "
        + NumberText.of(baseline.mean())
        + " for "
        + settings.clearAfter()
        + " readings";
  }
}
