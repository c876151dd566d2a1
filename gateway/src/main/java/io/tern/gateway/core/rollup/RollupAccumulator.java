package io.tern.gateway.core.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import io.tern.gateway.core.model.Quantile;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Running aggregate of one series in one window, kept after the window is emitted so that late
 * readings can correct it. Not thread-safe (pipeline thread).
 */
final class RollupAccumulator {
  /** Bounds the sketch's memory; far more bins than sensor values in one window need. */
  private static final int MAX_SKETCH_BINS = 2048;

  /** Far above the encoding of a full sketch (two stores of at most 2048 bins). */
  private static final int MAX_ENCODED_SKETCH_BYTES = 1 << 20;

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

  /**
   * Writes the exact state: count, min, max, sum, last (doubles by raw bits), the event time of
   * last, revision, dirty mark, and the sketch in DDSketch's own binary encoding (its bins and zero
   * count, without the index mapping, which the settings fix).
   */
  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    StateCodec.writeDouble(out, min);
    StateCodec.writeDouble(out, max);
    StateCodec.writeDouble(out, sum);
    StateCodec.writeDouble(out, last);
    out.writeLong(lastEventTimeMs);
    out.writeInt(revision);
    out.writeBoolean(dirty);
    if (sketch != null) {
      GrowingByteArrayOutput encoded = GrowingByteArrayOutput.withDefaultInitialCapacity();
      sketch.encode(encoded, true);
      out.writeInt(encoded.numWrittenBytes());
      out.write(encoded.backingArray(), 0, encoded.numWrittenBytes());
    }
  }

  /** Reads what {@link #write} wrote, under the same quantiles and relative accuracy. */
  static RollupAccumulator read(List<Double> quantiles, double relativeAccuracy, DataInput in)
      throws IOException {
    RollupAccumulator acc = new RollupAccumulator(quantiles, relativeAccuracy);
    acc.count = in.readLong();
    acc.min = StateCodec.readDouble(in);
    acc.max = StateCodec.readDouble(in);
    acc.sum = StateCodec.readDouble(in);
    acc.last = StateCodec.readDouble(in);
    acc.lastEventTimeMs = in.readLong();
    acc.revision = in.readInt();
    acc.dirty = StateCodec.readBoolean(in, "rollup dirty");
    StateCodec.check(acc.count > 0, "rollup accumulator count " + acc.count + " is not positive");
    StateCodec.check(acc.revision >= -1, "rollup revision " + acc.revision + " is below -1");
    if (acc.sketch != null) {
      int length = StateCodec.readCount(in, "sketch length", MAX_ENCODED_SKETCH_BYTES);
      byte[] encoded = new byte[length];
      in.readFully(encoded);
      acc.sketch.decodeAndMergeWith(ByteArrayInput.wrap(encoded));
      StateCodec.check(
          acc.sketch.getCount() == acc.count,
          "sketch holds " + acc.sketch.getCount() + " values, accumulator " + acc.count);
    }
    return acc;
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
