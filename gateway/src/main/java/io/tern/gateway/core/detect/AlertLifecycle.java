package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.SeriesKey;
import io.tern.gateway.core.model.Severity;
import io.tern.gateway.core.snapshot.CorruptSnapshotException;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The alert state of one detector on one series: inactive, or one active episode raised once.
 *
 * <p>An episode is {@link AlertState#RAISED} once, repeats are suppressed while it is active, and
 * it is {@link AlertState#CLEARED} once, with the same id, after a streak of normal observations
 * (hysteresis: the detector decides what "normal" means, usually a lower bar than the one that
 * raised it). Ids are deterministic: {@link Alert#episodeId} of the raising reading's event time.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class AlertLifecycle {
  private final SeriesKey series;
  private final AlertKind kind;
  private String activeId;
  private Severity severity;
  private int normalStreak;

  AlertLifecycle(SeriesKey series, AlertKind kind) {
    this.series = series;
    this.kind = kind;
  }

  boolean active() {
    return activeId != null;
  }

  /** Starts an episode; the caller checked that none is active. */
  Alert raise(Observation at, Severity severity, double score, String message) {
    if (activeId != null) {
      throw new IllegalStateException("episode " + activeId + " is still active");
    }
    this.activeId = Alert.episodeId(series, kind, at.eventTimeMs());
    this.severity = severity;
    this.normalStreak = 0;
    return alert(at, AlertState.RAISED, score, message);
  }

  /** An observation that does not count towards clearing: the streak starts again. */
  void abnormal() {
    normalStreak = 0;
  }

  /**
   * An observation that counts towards clearing.
   *
   * @return the number of consecutive normal observations so far, this one included
   */
  int normal() {
    return ++normalStreak;
  }

  /** Ends the active episode. */
  Alert clear(Observation at, double score, String message) {
    Alert cleared = alert(at, AlertState.CLEARED, score, message);
    activeId = null;
    severity = null;
    normalStreak = 0;
    return cleared;
  }

  private Alert alert(Observation at, AlertState state, double score, String message) {
    return new Alert(
        activeId,
        series.deviceId(),
        series.metric(),
        kind,
        severity,
        state,
        at.value(),
        at.eventTimeMs(),
        at.detectedAtMs(),
        Math.max(0.0, Math.min(1.0, score)),
        message);
  }

  /** Writes the active episode (id, severity, streak) if any. */
  void write(DataOutput out) throws IOException {
    out.writeBoolean(activeId != null);
    if (activeId != null) {
      out.writeUTF(activeId);
      out.writeUTF(severity.name());
      out.writeInt(normalStreak);
    }
  }

  /** Reads what {@link #write} wrote into this (inactive) lifecycle. */
  void read(DataInput in) throws IOException {
    if (!StateCodec.readBoolean(in, kind + " episode")) {
      return;
    }
    String id = in.readUTF();
    String name = in.readUTF();
    try {
      severity = Severity.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new CorruptSnapshotException("unknown alert severity '" + name + "' of " + id, e);
    }
    activeId = id;
    normalStreak = in.readInt();
    StateCodec.check(normalStreak >= 0, "normal streak " + normalStreak + " of " + id);
  }
}
