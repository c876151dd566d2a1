package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.snapshot.IncompatibleSnapshotException;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings that give a state snapshot its meaning: a snapshot is read only under the same ones.
 * The other settings (grace, idle timeout, retention, detection sensitivity and rules) may change
 * between a snapshot and its restore; they apply from then on.
 *
 * @param windowSizesMs rollup window sizes, in configured order (the state holds windows per size)
 * @param dedupeMaxRanges seq ranges kept per stream (the state holds up to that many)
 * @param maxStreamsPerDevice dedupe streams per device (the state holds up to that many)
 * @param quantiles reported quantiles (the state holds a sketch only when there are some)
 * @param relativeAccuracy of the sketches (their bins depend on it)
 */
record StateFingerprint(
    List<Long> windowSizesMs,
    int dedupeMaxRanges,
    int maxStreamsPerDevice,
    List<Double> quantiles,
    double relativeAccuracy) {

  private static final int MAX_LIST = 1024;

  StateFingerprint {
    windowSizesMs = List.copyOf(windowSizesMs);
    quantiles = List.copyOf(quantiles);
  }

  static StateFingerprint of(PipelineSettings settings) {
    return new StateFingerprint(
        settings.rollup().sizes().stream().map(Duration::toMillis).toList(),
        settings.dedupe().maxRanges(),
        settings.dedupe().maxStreamsPerDevice(),
        settings.rollup().quantiles(),
        settings.rollup().relativeAccuracy());
  }

  void write(DataOutput out) throws IOException {
    StateCodec.writeSection(out, "SETS");
    out.writeInt(windowSizesMs.size());
    for (long size : windowSizesMs) {
      out.writeLong(size);
    }
    out.writeInt(dedupeMaxRanges);
    out.writeInt(maxStreamsPerDevice);
    out.writeInt(quantiles.size());
    for (double q : quantiles) {
      StateCodec.writeDouble(out, q);
    }
    StateCodec.writeDouble(out, relativeAccuracy);
  }

  static StateFingerprint read(DataInput in) throws IOException {
    StateCodec.readSection(in, "SETS");
    int sizes = StateCodec.readCount(in, "window size count", MAX_LIST);
    List<Long> windowSizesMs = new ArrayList<>(sizes);
    for (int i = 0; i < sizes; i++) {
      windowSizesMs.add(in.readLong());
    }
    int dedupeMaxRanges = in.readInt();
    int maxStreamsPerDevice = in.readInt();
    int count = StateCodec.readCount(in, "quantile count", MAX_LIST);
    List<Double> quantiles = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      quantiles.add(StateCodec.readDouble(in));
    }
    double relativeAccuracy = StateCodec.readDouble(in);
    return new StateFingerprint(
        windowSizesMs, dedupeMaxRanges, maxStreamsPerDevice, quantiles, relativeAccuracy);
  }

  /** Throws, naming each differing setting with both values, unless {@code configured} matches. */
  void requireMatches(StateFingerprint configured) throws IncompatibleSnapshotException {
    List<String> differences = new ArrayList<>();
    compare(differences, "rollup window sizes (ms)", windowSizesMs, configured.windowSizesMs);
    compare(
        differences, "dedupe max ranges per stream", dedupeMaxRanges, configured.dedupeMaxRanges);
    compare(
        differences,
        "dedupe max streams per device",
        maxStreamsPerDevice,
        configured.maxStreamsPerDevice);
    compare(differences, "rollup quantiles", quantiles, configured.quantiles);
    compare(differences, "sketch relative accuracy", relativeAccuracy, configured.relativeAccuracy);
    if (!differences.isEmpty()) {
      throw new IncompatibleSnapshotException(
          "the pipeline snapshot was taken under other settings: "
              + String.join("; ", differences)
              + ". Restore it with the settings it was taken with, or discard it and rebuild the"
              + " state by replaying the journal");
    }
  }

  private static void compare(
      List<String> differences, String what, Object snapshot, Object configured) {
    if (!snapshot.equals(configured)) {
      differences.add(what + " " + snapshot + " in the snapshot, " + configured + " configured");
    }
  }
}
