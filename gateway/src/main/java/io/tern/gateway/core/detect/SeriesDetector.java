package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.SeriesKey;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every detector of one series, in a fixed order: missing data (cleared), threshold, stuck, spike,
 * rate of change, level shift, drift. While the series repeats one value the adaptive detectors
 * neither judge nor learn (a stuck stretch is reported as such, and must not shrink their scale).
 * Memory is constant per series. Detectors that the rules switch off still learn (so switching them
 * on again needs no warm-up) but emit nothing.
 *
 * <p>A level shift and a drift are two views of one move: drift is not evaluated while a level
 * shift is active, and when a shifted level is accepted as normal, the drift reference moves there
 * too.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class SeriesDetector {
  private final SeriesKey series;
  private final SeriesPolicy policy;
  private final ThresholdDetector threshold;
  private final SpikeDetector spike;
  private final RateDetector rate;
  private final ShiftDetector levelShift;
  private final ShiftDetector drift;
  private final StuckDetector stuck;
  private final Heartbeat heartbeat;

  SeriesDetector(SeriesKey series, SeriesPolicy policy) {
    this(
        series,
        policy,
        new ThresholdDetector(series),
        new SpikeDetector(series),
        new RateDetector(series),
        new ShiftDetector(series, ShiftDetector.LEVEL),
        new ShiftDetector(series, ShiftDetector.DRIFT),
        new StuckDetector(series),
        new Heartbeat(series));
  }

  private SeriesDetector(
      SeriesKey series,
      SeriesPolicy policy,
      ThresholdDetector threshold,
      SpikeDetector spike,
      RateDetector rate,
      ShiftDetector levelShift,
      ShiftDetector drift,
      StuckDetector stuck,
      Heartbeat heartbeat) {
    this.series = series;
    this.policy = policy;
    this.threshold = threshold;
    this.spike = spike;
    this.rate = rate;
    this.levelShift = levelShift;
    this.drift = drift;
    this.stuck = stuck;
    this.heartbeat = heartbeat;
  }

  SeriesKey series() {
    return series;
  }

  Heartbeat heartbeat() {
    return heartbeat;
  }

  void observe(Observation at, int warmup, Consumer<Alert> out) {
    emit(heartbeat.arrived(at), out);
    emit(threshold.observe(at, policy), out);
    emit(stuck.observe(at, policy, warmup), out);
    if (stuck.repeating()) {
      return;
    }
    emit(spike.observe(at, policy, warmup), out);
    emit(rate.observe(at, policy), out);
    boolean shifted = levelShift.active();
    emit(levelShift.observe(at, policy, warmup), out);
    if (shifted && !levelShift.active()) {
      drift.rebase(levelShift.level());
    }
    if (!levelShift.active()) {
      emit(drift.observe(at, policy, warmup), out);
    }
  }

  /** Raises missing data if the series is silent (and its device is not offline as a whole). */
  void checkSilence(long nowMs, Duration minSilence, Consumer<Alert> out) {
    if (heartbeat.silent(nowMs, minSilence)) {
      emit(heartbeat.raiseIfInactive(nowMs, policy, series.metric()), out);
    }
  }

  private void emit(Optional<Alert> alert, Consumer<Alert> out) {
    if (alert.isPresent() && policy.enabled(alert.get().kind())) {
      out.accept(alert.get());
    }
  }

  void write(DataOutput out) throws IOException {
    threshold.write(out);
    spike.write(out);
    rate.write(out);
    levelShift.write(out);
    drift.write(out);
    stuck.write(out);
    heartbeat.write(out);
  }

  static SeriesDetector read(SeriesKey series, SeriesPolicy policy, DataInput in)
      throws IOException {
    return new SeriesDetector(
        series,
        policy,
        ThresholdDetector.read(series, in),
        SpikeDetector.read(series, in),
        RateDetector.read(series, in),
        ShiftDetector.read(series, ShiftDetector.LEVEL, in),
        ShiftDetector.read(series, ShiftDetector.DRIFT, in),
        StuckDetector.read(series, in),
        Heartbeat.read(series, in));
  }
}
