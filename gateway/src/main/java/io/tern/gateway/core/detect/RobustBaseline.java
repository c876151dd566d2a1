package io.tern.gateway.core.detect;

import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Adaptive baseline of one series: EWMA mean and EWMA absolute deviation, with bounded influence.
 *
 * <p>During warm-up the weights are {@code 1/n} (a plain running mean) so the baseline converges
 * fast. After warm-up each residual is clipped to {@value #CLIP} scales before it updates the
 * baseline, so one extreme value moves the mean by at most {@code alpha * CLIP} scales (it cannot
 * poison the baseline), while a lasting level shift is still absorbed after some readings.
 *
 * <p>The scale never goes below the series' resolution (smallest non-zero step seen between
 * consecutive values), so quantised or long-flat series do not alert on their smallest step. All
 * quantities are in the series' own unit: the same series times 1000 behaves the same.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
final class RobustBaseline {
  /** Converts a mean absolute deviation into a standard deviation (normal distribution). */
  private static final double MAD_TO_SIGMA = Math.sqrt(Math.PI / 2);

  static final double CLIP = 3.0;

  private final double alpha;
  private final double scaleAlpha;
  private final double gate;
  private long count;
  private double mean;
  private double meanAbsDeviation;
  private double resolution = Double.POSITIVE_INFINITY;
  private double previous;

  RobustBaseline(double alpha) {
    this(alpha, alpha, Double.POSITIVE_INFINITY);
  }

  /**
   * A baseline whose scale learns at its own pace, and whose mean (after warm-up) learns only from
   * readings within {@code gate} scales of it: a step away from the level is not followed, it stays
   * visible until someone decides it is the new normal ({@link #rebase}).
   */
  RobustBaseline(double alpha, double scaleAlpha, double gate) {
    this.alpha = alpha;
    this.scaleAlpha = scaleAlpha;
    this.gate = gate;
  }

  long count() {
    return count;
  }

  double mean() {
    return mean;
  }

  /** Robust standard deviation estimate, strictly positive. */
  double scale() {
    double floor = Double.isInfinite(resolution) ? Double.MIN_NORMAL : resolution;
    return Math.max(MAD_TO_SIGMA * meanAbsDeviation, floor);
  }

  /** Distance of {@code value} from the mean in scales (≥ 0, may be infinite). */
  double deviations(double value) {
    return Math.abs(value - mean) / scale();
  }

  void update(double value, boolean warmedUp) {
    count++;
    if (count == 1) {
      mean = value;
      previous = value;
      return;
    }
    double step = Math.abs(value - previous);
    if (step > 0 && step < resolution) {
      resolution = step;
    }
    previous = value;

    double residual = value - mean;
    if (!warmedUp) {
      double weight = Math.max(alpha, 1.0 / count);
      mean += weight * residual;
      meanAbsDeviation += weight * (Math.abs(residual) - meanAbsDeviation);
      return;
    }
    double scale = scale();
    if (Math.abs(residual) <= gate * scale) {
      mean += alpha * Math.max(-CLIP * scale, Math.min(CLIP * scale, residual));
    }
    double clipped = Math.min(CLIP * scale, Math.abs(residual));
    meanAbsDeviation += scaleAlpha * (clipped - meanAbsDeviation);
  }

  /**
   * Moves the mean to a new level and keeps the scale: the series settled at another level and that
   * level is normal from now on.
   */
  void rebase(double level) {
    mean = level;
    previous = level;
  }

  /** Writes the estimates: count, mean, mean absolute deviation, resolution, previous value. */
  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    StateCodec.writeDouble(out, mean);
    StateCodec.writeDouble(out, meanAbsDeviation);
    StateCodec.writeDouble(out, resolution);
    StateCodec.writeDouble(out, previous);
  }

  /** Reads what {@link #write} wrote; {@code alpha} comes from the settings. */
  static RobustBaseline read(double alpha, DataInput in) throws IOException {
    return read(alpha, alpha, Double.POSITIVE_INFINITY, in);
  }

  /** Reads what {@link #write} wrote; the tuning comes from the caller. */
  static RobustBaseline read(double alpha, double scaleAlpha, double gate, DataInput in)
      throws IOException {
    RobustBaseline baseline = new RobustBaseline(alpha, scaleAlpha, gate);
    baseline.count = in.readLong();
    baseline.mean = StateCodec.readDouble(in);
    baseline.meanAbsDeviation = StateCodec.readDouble(in);
    baseline.resolution = StateCodec.readDouble(in);
    baseline.previous = StateCodec.readDouble(in);
    StateCodec.check(baseline.count > 0, "baseline count " + baseline.count + " is not positive");
    return baseline;
  }
}
