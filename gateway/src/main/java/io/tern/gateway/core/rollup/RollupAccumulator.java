package io.tern.gateway.core.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.tern.gateway.core.model.Quantile;
import io.tern.gateway.core.model.Rollup;
import java.util.ArrayList;
import java.util.List;

/**
 * Running aggregate of one series in one window, kept after the window is emitted so that late
 * readings can correct it. Not thread-safe (pipeline thread).
 */
final class RollupAccumulator {
  /** Bounds the sketch's memory; far more bins than sensor values in one window need. */
  private static final int MAX_SKETCH_BINS = 2048;

  private final DDSketch sketch; // null when no quantiles are configured
  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double sum;
  private double last;
  private long lastEventTimeMs = Long.MIN_VALUE;
  private int revision = -1; // of the last emission; -1 = never emitted
  private boolean dirty; // changed since the last emission

  RollupAccumulator(List<Double> quantiles, double relativeAccuracy) {
    this.sketch =
        quantiles.isEmpty()
            ? null
            : DDSketches.collapsingLowestDense(relativeAccuracy, MAX_SKETCH_BINS);
  }

  void add(double value, long eventTimeMs) {
    count++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    if (eventTimeMs >= lastEventTimeMs) {
      last = value;
      lastEventTimeMs = eventTimeMs;
    }
    if (sketch != null) {
      sketch.accept(value);
    }
  }

  /** Marks a change to be emitted as a revision; true if it was not already marked. */
  boolean markDirty() {
    boolean was = dirty;
    dirty = true;
    return !was;
  }

  boolean isDirty() {
    return dirty;
  }

  /** The rollup of the next revision (0 on first emission); clears the dirty mark. */
  Rollup emit(
      String deviceId, String metric, long windowStartMs, long windowMs, List<Double> quantiles) {
    revision++;
    dirty = false;
    return new Rollup(
        deviceId,
        metric,
        windowStartMs,
        windowMs,
        count,
        min,
        max,
        sum,
        sum / count,
        last,
        quantiles(quantiles),
        revision);
  }

  /** Sketch estimates, clamped to the exact [min, max] (the sketch's bins can overshoot them). */
  private List<Quantile> quantiles(List<Double> quantiles) {
    List<Quantile> result = new ArrayList<>(quantiles.size());
    for (double q : quantiles) {
      double estimate = sketch.getValueAtQuantile(q);
      result.add(new Quantile(q, Math.min(max, Math.max(min, estimate))));
    }
    return result;
  }
}
