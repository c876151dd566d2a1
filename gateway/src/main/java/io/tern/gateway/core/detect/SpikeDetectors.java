package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.SeriesKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One {@link SpikeDetector} per series, created on first sight: works with zero configuration on
 * any metric at any scale.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
public final class SpikeDetectors {
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
}
