package io.tern.gateway.device;

import io.tern.gateway.core.model.Rollup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest rollup per device, metric and window size: the one with the greatest window start, and
 * of that window the highest revision. A correction of an older window does not replace a newer
 * window.
 *
 * <p>Bounded: at most {@code maxDevices} devices (default {@link
 * DeviceTracker#DEFAULT_MAX_DEVICES}; the one whose last rollup is oldest is forgotten) and {@value
 * #MAX_SERIES_PER_DEVICE} (metric, size) series per device (rollups of further series are not kept
 * here, counted in {@link #skipped()}; they are still published).
 *
 * <p>Threading: {@link #update} is called by the pipeline thread only (copy-on-write of one
 * device's small immutable map, no lock); {@link #latest} from any thread.
 */
@Singleton
public final class LatestRollups {
  /** Most (metric, window size) series kept per device. */
  public static final int MAX_SERIES_PER_DEVICE = 1_000;

  private record SeriesSize(String metric, long windowMs) {}

  private static final Comparator<Rollup> ORDER =
      Comparator.comparing(Rollup::deviceId)
          .thenComparing(Rollup::metric)
          .thenComparingLong(Rollup::windowMs);

  private final Map<String, Map<SeriesSize, Rollup>> view = new ConcurrentHashMap<>();
  // Pipeline thread only: access order = device with the oldest update first.
  private final LinkedHashMap<String, Boolean> byRecency;
  private final AtomicLong skipped = new AtomicLong();

  @Inject
  public LatestRollups() {
    this(DeviceTracker.DEFAULT_MAX_DEVICES);
  }

  public LatestRollups(int maxDevices) {
    if (maxDevices < 1) {
      throw new IllegalArgumentException("maxDevices must be positive, was " + maxDevices);
    }
    this.byRecency =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            if (size() <= maxDevices) {
              return false;
            }
            view.remove(eldest.getKey());
            return true;
          }
        };
  }

  /** Records an emitted rollup. Pipeline thread. */
  public void update(Rollup rollup) {
    Map<SeriesSize, Rollup> current = view.getOrDefault(rollup.deviceId(), Map.of());
    SeriesSize key = new SeriesSize(rollup.metric(), rollup.windowMs());
    Rollup previous = current.get(key);
    if (previous != null && !newer(rollup, previous)) {
      return;
    }
    if (previous == null && current.size() >= MAX_SERIES_PER_DEVICE) {
      skipped.incrementAndGet();
      return;
    }
    Map<SeriesSize, Rollup> next = new HashMap<>(current);
    next.put(key, rollup);
    byRecency.put(rollup.deviceId(), Boolean.TRUE);
    view.put(rollup.deviceId(), Map.copyOf(next));
  }

  private static boolean newer(Rollup candidate, Rollup previous) {
    return candidate.windowStartMs() > previous.windowStartMs()
        || (candidate.windowStartMs() == previous.windowStartMs()
            && candidate.revision() > previous.revision());
  }

  /**
   * The latest rollups, ordered by device, metric and window size.
   *
   * @param deviceId only this device; null = all devices
   * @param metric only this metric; null = all metrics
   */
  public List<Rollup> latest(String deviceId, String metric) {
    List<Rollup> out = new ArrayList<>();
    if (deviceId != null) {
      addMatching(view.getOrDefault(deviceId, Map.of()), metric, out);
    } else {
      view.values().forEach(series -> addMatching(series, metric, out));
    }
    out.sort(ORDER);
    return out;
  }

  /** Rollups not kept because their device had {@value #MAX_SERIES_PER_DEVICE} series already. */
  public long skipped() {
    return skipped.get();
  }

  private static void addMatching(Map<SeriesSize, Rollup> series, String metric, List<Rollup> out) {
    for (Rollup rollup : series.values()) {
      if (metric == null || metric.equals(rollup.metric())) {
        out.add(rollup);
      }
    }
  }
}
