package io.tern.gateway.core.rollup;

import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.SizedWindows.Correction;
import io.tern.gateway.core.rollup.WindowOutcome.Lateness;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Tumbling event-time rollup windows, of each configured size, for every (device, metric).
 *
 * <p>Window {@code [start, start + size)} holds readings whose event time falls in it, with {@code
 * start} a multiple of the size (epoch aligned). Each device has a watermark: the greatest event
 * time seen from that device. A window is emitted (revision 0) when the device's watermark reaches
 * {@code end + grace}, or when the device has sent nothing for the idle timeout on the pipeline's
 * clock ({@link #closeIdle}).
 *
 * <p>A reading for an emitted window is late: it is added to the window's retained accumulator and
 * a corrected rollup (revision + 1) comes out of the next {@link #flushCorrections()}, once per
 * window however many late readings it got. Emitted windows are kept per series and size for {@link
 * RollupSettings#retention()} of event time behind the watermark and at most {@link
 * RollupSettings#retainedWindows()} windows; a reading for a window older than that is {@link
 * Lateness#TOO_LATE} for that size.
 *
 * <p>The whole state can be written to a snapshot ({@link #write}) and read back ({@link #read}).
 * Not thread-safe: called by the pipeline thread only.
 */
public final class RollupWindows {
  private final RollupSettings settings;
  private final long[] sizesMs;
  private final Map<String, DeviceWindows> devices = new HashMap<>();
  private DeviceWindows lastDevice;
  private final List<Correction> corrections = new ArrayList<>();
  private long openWindows;

  public RollupWindows(RollupSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sizesMs = settings.sizes().stream().mapToLong(Duration::toMillis).toArray();
  }

  /**
   * Adds one reading and returns the windows its watermark advance closed and how late it was.
   *
   * @param nowMs the pipeline clock, for the idle timeout
   */
  public WindowOutcome add(Reading reading, long nowMs) {
    DeviceWindows device = lastDevice;
    if (device == null || !device.deviceId.equals(reading.deviceId())) {
      device = devices.computeIfAbsent(reading.deviceId(), DeviceWindows::new);
      lastDevice = device; // the readings of a batch share their device; devices are never removed
    }
    int before = device.openSeries();
    WindowOutcome outcome =
        device.add(reading.metric(), reading.value(), reading.eventTimeMs(), nowMs);
    openWindows += device.openSeries() - before;
    return outcome;
  }

  /**
   * Windows not yet emitted, over all devices, sizes and metrics (one per rollup still to come).
   */
  public long openWindows() {
    return openWindows;
  }

  /** Corrected rollups (revision + 1) of windows that late readings changed since the last call. */
  public List<Rollup> flushCorrections() {
    if (corrections.isEmpty()) {
      return List.of();
    }
    List<Rollup> out = new ArrayList<>(corrections.size());
    for (Correction correction : corrections) {
      out.add(correction.emit());
    }
    corrections.clear();
    return out;
  }

  /**
   * Emits the open windows of devices that sent nothing for the idle timeout of their size, devices
   * in name order. They count as emitted: later readings for them are late.
   */
  public List<Rollup> closeIdle(long nowMs) {
    List<Rollup> out = new ArrayList<>();
    devices.values().stream()
        .filter(DeviceWindows::hasOpenWindows)
        .sorted((a, b) -> a.deviceId.compareTo(b.deviceId))
        .forEach(
            device -> {
              int before = device.openSeries();
              device.closeIdle(nowMs, out);
              openWindows += device.openSeries() - before;
            });
    return out;
  }

  /** The device's watermark (greatest event time seen), if it sent anything. */
  public OptionalLong watermark(String deviceId) {
    DeviceWindows windows = devices.get(deviceId);
    return windows == null ? OptionalLong.empty() : OptionalLong.of(windows.watermarkMs);
  }

  /**
   * Writes the state: the open-window counter; per device (in name order) its watermark, last-seen
   * time and the windows of each size (in configured order); then the corrections pending, in
   * order.
   */
  public void write(DataOutput out) throws IOException {
    StateCodec.writeSection(out, "RLUP");
    out.writeLong(openWindows);
    out.writeInt(devices.size());
    for (DeviceWindows device : new TreeMap<>(devices).values()) {
      out.writeUTF(device.deviceId);
      out.writeLong(device.watermarkMs);
      out.writeLong(device.lastSeenMs);
      for (SizedWindows windows : device.sizes) {
        windows.write(out);
      }
    }
    out.writeInt(corrections.size());
    for (Correction correction : corrections) {
      out.writeUTF(correction.owner().deviceId());
      out.writeLong(correction.owner().sizeMs());
      out.writeUTF(correction.metric());
      out.writeLong(correction.windowStartMs());
    }
  }

  /** Reads what {@link #write} wrote, under the same window sizes and quantile settings. */
  public static RollupWindows read(RollupSettings settings, DataInput in) throws IOException {
    StateCodec.readSection(in, "RLUP");
    RollupWindows rollups = new RollupWindows(settings);
    long openWindows = in.readLong();
    int deviceCount = StateCodec.readCount(in, "rollup device count", Integer.MAX_VALUE);
    for (int d = 0; d < deviceCount; d++) {
      String deviceId = in.readUTF();
      long watermarkMs = in.readLong();
      long lastSeenMs = in.readLong();
      DeviceWindows device = rollups.new DeviceWindows(deviceId, watermarkMs, lastSeenMs);
      for (int i = 0; i < rollups.sizesMs.length; i++) {
        device.sizes[i] = SizedWindows.read(deviceId, rollups.sizesMs[i], settings, in);
        rollups.openWindows += device.sizes[i].openSeries();
      }
      StateCodec.check(
          rollups.devices.put(deviceId, device) == null,
          "rollup device " + deviceId + " appears twice");
    }
    StateCodec.check(
        rollups.openWindows == openWindows,
        "open window count " + openWindows + " != " + rollups.openWindows + " open windows held");
    int corrections = StateCodec.readCount(in, "pending correction count", Integer.MAX_VALUE);
    for (int c = 0; c < corrections; c++) {
      String deviceId = in.readUTF();
      long sizeMs = in.readLong();
      String metric = in.readUTF();
      long windowStartMs = in.readLong();
      DeviceWindows device = rollups.devices.get(deviceId);
      int size = rollups.sizeIndex(sizeMs);
      StateCodec.check(
          device != null && size >= 0,
          "pending correction of unknown device " + deviceId + " or size " + sizeMs);
      rollups.corrections.add(device.sizes[size].pendingCorrection(metric, windowStartMs));
    }
    return rollups;
  }

  private int sizeIndex(long sizeMs) {
    for (int i = 0; i < sizesMs.length; i++) {
      if (sizesMs[i] == sizeMs) {
        return i;
      }
    }
    return -1;
  }

  private final class DeviceWindows {
    private final String deviceId;
    private final SizedWindows[] sizes;
    private long watermarkMs = Long.MIN_VALUE;
    private long lastSeenMs;

    DeviceWindows(String deviceId) {
      this.deviceId = deviceId;
      this.sizes = new SizedWindows[sizesMs.length];
      for (int i = 0; i < sizesMs.length; i++) {
        sizes[i] = new SizedWindows(deviceId, sizesMs[i], settings);
      }
    }

    /** A device read from a snapshot; the caller fills {@link #sizes}. */
    DeviceWindows(String deviceId, long watermarkMs, long lastSeenMs) {
      this.deviceId = deviceId;
      this.sizes = new SizedWindows[sizesMs.length];
      this.watermarkMs = watermarkMs;
      this.lastSeenMs = lastSeenMs;
    }

    WindowOutcome add(String metric, double value, long eventTimeMs, long nowMs) {
      lastSeenMs = nowMs;
      Lateness lateness = Lateness.ON_TIME;
      for (SizedWindows windows : sizes) {
        Lateness l = windows.add(metric, value, eventTimeMs, watermarkMs, corrections);
        if (l.compareTo(lateness) > 0) {
          lateness = l;
        }
      }
      if (eventTimeMs <= watermarkMs) {
        return lateness == Lateness.ON_TIME
            ? WindowOutcome.ON_TIME
            : new WindowOutcome(List.of(), lateness);
      }
      watermarkMs = eventTimeMs;
      List<Rollup> closed = new ArrayList<>();
      for (SizedWindows windows : sizes) {
        windows.closeExpired(watermarkMs, closed);
      }
      return closed.isEmpty() && lateness == Lateness.ON_TIME
          ? WindowOutcome.ON_TIME
          : new WindowOutcome(closed, lateness);
    }

    int openSeries() {
      int open = 0;
      for (SizedWindows windows : sizes) {
        open += windows.openSeries();
      }
      return open;
    }

    boolean hasOpenWindows() {
      for (SizedWindows windows : sizes) {
        if (windows.hasOpenWindows()) {
          return true;
        }
      }
      return false;
    }

    void closeIdle(long nowMs, List<Rollup> out) {
      for (SizedWindows windows : sizes) {
        if (nowMs - lastSeenMs >= settings.idleTimeoutMs(windows.sizeMs())) {
          windows.closeAll(watermarkMs, out);
        }
      }
    }
  }
}
