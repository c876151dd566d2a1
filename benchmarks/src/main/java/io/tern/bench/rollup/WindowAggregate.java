package io.tern.bench.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import io.tern.gateway.core.model.Quantile;
import io.tern.gateway.core.model.Rollup;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Kafka Streams side's aggregate of one series in one window: the same fields, the same update
 * rule and the same quantile sketch (DDSketch, collapsing-lowest dense store of 2048 bins,
 * cubically interpolated mapping) as the gateway's rollup accumulator, so that both sides compute
 * identical rollups. Mutable; Kafka Streams stores it as bytes ({@link StreamsSerdes}) between
 * updates.
 */
final class WindowAggregate {
  /** As in the gateway's {@code RollupAccumulator}. */
  static final int MAX_SKETCH_BINS = 2048;

  /** Sketch layout shared by every aggregate of one topology, needed to decode a sketch. */
  record SketchShape(IndexMapping mapping, Supplier<Store> stores) {
    static SketchShape of(double relativeAccuracy) {
      return new SketchShape(
          new CubicallyInterpolatedMapping(relativeAccuracy),
          () -> new CollapsingLowestDenseStore(MAX_SKETCH_BINS));
    }

    DDSketch newSketch() {
      return new DDSketch(mapping, stores);
    }
  }

  long count;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;
  double sum;
  double last;
  long lastEventTimeMs = Long.MIN_VALUE;
  final DDSketch sketch; // null when no quantiles are configured

  WindowAggregate(DDSketch sketch) {
    this.sketch = sketch;
  }

  /** The same update as the gateway's accumulator (ties on event time: the later arrival wins). */
  WindowAggregate add(double value, long eventTimeMs) {
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
    return this;
  }

  /** The rollup of this window; quantile estimates clamped to [min, max] like the gateway's. */
  Rollup toRollup(
      String deviceId, String metric, long windowStartMs, long windowMs, List<Double> quantiles) {
    List<Quantile> estimates = new ArrayList<>(quantiles.size());
    for (double q : quantiles) {
      double estimate = sketch.getValueAtQuantile(q);
      estimates.add(new Quantile(q, Math.min(max, Math.max(min, estimate))));
    }
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
        estimates,
        0);
  }
}
