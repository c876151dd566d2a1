package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.SeriesKey;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@link SpikeDetector} per series, created on first sight: works with zero configuration on
 * any metric at any scale.
 *
 * <p>The state of every detector can be written to a snapshot ({@link #write}) and read back
 * ({@link #read}). Not thread-safe: called by the pipeline thread only.
 */
public final class SpikeDetectors {
  private static final Comparator<SeriesKey> SERIES_ORDER =
      Comparator.comparing(SeriesKey::deviceId).thenComparing(SeriesKey::metric);

  private final SpikeSettings settings;
  private final Map<SeriesKey, SpikeDetector> detectors = new HashMap<>();

  public SpikeDetectors(SpikeSettings settings) {
    this.settings = settings;
  }

  /**
   * Feeds one reading (in arrival order) to its series' detector.
   *
   * @param detectedAtMs wall-clock time to stamp on an alert, epoch ms
   * @return a RAISED or CLEARED alert if this reading changed the series' alert state
   */
  public Optional<Alert> observe(Reading reading, long detectedAtMs) {
    return detectors
        .computeIfAbsent(reading.series(), series -> new SpikeDetector(series, settings))
        .observe(reading, detectedAtMs);
  }

  /** Writes every detector's state, series in (device, metric) order. */
  public void write(DataOutput out) throws IOException {
    StateCodec.writeSection(out, "SPKE");
    List<SeriesKey> series = detectors.keySet().stream().sorted(SERIES_ORDER).toList();
    out.writeInt(series.size());
    for (SeriesKey key : series) {
      out.writeUTF(key.deviceId());
      out.writeUTF(key.metric());
      detectors.get(key).write(out);
    }
  }

  /** Reads what {@link #write} wrote. */
  public static SpikeDetectors read(SpikeSettings settings, DataInput in) throws IOException {
    StateCodec.readSection(in, "SPKE");
    SpikeDetectors spikes = new SpikeDetectors(settings);
    int count = StateCodec.readCount(in, "spike detector count", Integer.MAX_VALUE);
    for (int i = 0; i < count; i++) {
      SeriesKey key = new SeriesKey(in.readUTF(), in.readUTF());
      StateCodec.check(
          spikes.detectors.put(key, SpikeDetector.read(key, settings, in)) == null,
          "spike detector of " + key.deviceId() + "/" + key.metric() + " appears twice");
    }
    return spikes;
  }
}
