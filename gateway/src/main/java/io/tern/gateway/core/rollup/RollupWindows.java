package io.tern.gateway.core.rollup;

import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Tumbling event-time rollup windows for every (device, metric).
 *
 * <p>Window {@code [start, start + size)} holds readings whose event time falls in it, with {@code
 * start} a multiple of the size (epoch aligned). Each device has a watermark: the greatest event
 * time seen from that device. A window is emitted once, when the device's watermark reaches {@code
 * end + grace}; a reading for a window that is already emitted is {@link WindowOutcome.Late late}.
 *
 * <p>Not thread-safe: called by the pipeline thread only.
 */
public final class RollupWindows {
  private final long windowMs;
  private final long graceMs;
  private final Map<String, DeviceWindows> devices = new HashMap<>();

  public RollupWindows(Duration window, Duration grace) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, was " + grace);
    }
    this.windowMs = window.toMillis();
    this.graceMs = grace.toMillis();
  }

  /** Adds one reading and returns the windows it closed (or that it came too late). */
  public WindowOutcome add(Reading reading) {
    return devices
        .computeIfAbsent(reading.deviceId(), DeviceWindows::new)
        .add(reading.metric(), reading.value(), reading.eventTimeMs());
  }

  /** The device's watermark (greatest event time seen), if it sent anything. */
  public OptionalLong watermark(String deviceId) {
    DeviceWindows windows = devices.get(deviceId);
    return windows == null ? OptionalLong.empty() : OptionalLong.of(windows.watermarkMs);
  }

  private final class DeviceWindows {
    private final String deviceId;
    private long watermarkMs = Long.MIN_VALUE;
    private final NavigableMap<Long, Map<String, RollupAccumulator>> open = new TreeMap<>();

    DeviceWindows(String deviceId) {
      this.deviceId = deviceId;
    }

    WindowOutcome add(String metric, double value, long eventTimeMs) {
      long start = Math.floorDiv(eventTimeMs, windowMs) * windowMs;
      if (isClosed(start)) {
        return new WindowOutcome.Late(start, watermarkMs);
      }
      open.computeIfAbsent(start, s -> new TreeMap<>())
          .computeIfAbsent(metric, m -> new RollupAccumulator())
          .add(value, eventTimeMs);
      if (eventTimeMs <= watermarkMs) {
        return new WindowOutcome.Accepted(List.of());
      }
      watermarkMs = eventTimeMs;
      return new WindowOutcome.Accepted(closeExpired());
    }

    private boolean isClosed(long windowStartMs) {
      return watermarkMs != Long.MIN_VALUE && windowStartMs + windowMs + graceMs <= watermarkMs;
    }

    private List<Rollup> closeExpired() {
      List<Rollup> closed = new ArrayList<>();
      while (!open.isEmpty() && isClosed(open.firstKey())) {
        Map.Entry<Long, Map<String, RollupAccumulator>> window = open.pollFirstEntry();
        window
            .getValue()
            .forEach(
                (metric, acc) ->
                    closed.add(acc.toRollup(deviceId, metric, window.getKey(), windowMs)));
      }
      return closed;
    }
  }
}
