package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.SeriesKey;
import io.tern.gateway.core.model.Severity;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Anomaly detection for every series, created on first sight: works with zero configuration on any
 * metric at any scale and sampling interval; {@link DetectionSettings} refine it.
 *
 * <p>Per reading, each series runs its {@link SeriesDetector detectors}. Per {@link #tick}, silent
 * series raise missing data ({@link AlertKind#OFFLINE} on the metric), and a device whose series
 * are all silent raises one {@link AlertKind#OFFLINE} on the pseudo-metric {@value #DEVICE_METRIC}
 * instead; the next reading clears it. A tick long after the previous one means the gateway itself
 * was stopped: that pause is not counted as the devices' silence.
 *
 * <p>Deterministic: the same readings and ticks with the same times give the same alerts in the
 * same order, also after {@link #write}/{@link #read}. Not thread-safe: called by the pipeline
 * thread only.
 */
public final class Detectors {
  /** Metric name of device-level alerts (a device that stopped sending altogether). */
  public static final String DEVICE_METRIC = "_device";

  private final DetectionSettings settings;
  private final Map<SeriesKey, SeriesDetector> bySeries = new HashMap<>();
  private final TreeMap<String, Device> devices = new TreeMap<>();
  private SeriesDetector lastSeries;
  private Device lastDevice;
  private long lastTickMs = Long.MIN_VALUE;

  /** The device-level state and the device's series in metric order (for deterministic ticks). */
  private static final class Device {
    final AlertLifecycle offline;
    final SeriesPolicy policy;
    final TreeMap<String, SeriesDetector> series = new TreeMap<>();

    Device(String deviceId, DetectionSettings settings) {
      this.offline = new AlertLifecycle(new SeriesKey(deviceId, DEVICE_METRIC), AlertKind.OFFLINE);
      this.policy = SeriesPolicy.resolve(settings, deviceId, DEVICE_METRIC);
    }
  }

  public Detectors(DetectionSettings settings) {
    this.settings = settings;
  }

  /**
   * Feeds one accepted (not duplicate) reading, in arrival order, to its series' detectors.
   *
   * @param nowMs gateway time of the reading's arrival: stamps {@code detectedAtMs}, epoch ms
   * @param out receives the alerts whose state this reading changed, in a fixed order
   */
  public void observe(Reading reading, long nowMs, Consumer<Alert> out) {
    SeriesDetector series = find(reading);
    Observation at = new Observation(reading.value(), reading.eventTimeMs(), nowMs);
    if (lastDevice.offline.active()) {
      long silentMs = nowMs - series.heartbeat().lastArrivalMs();
      Alert back =
          lastDevice.offline.clear(
              at, 0.0, "device sends again after " + Durations.text(silentMs) + " of silence");
      if (lastDevice.policy.enabled(AlertKind.OFFLINE)) {
        out.accept(back);
      }
    }
    series.observe(at, settings.warmup(), out);
  }

  /**
   * Checks every series and device for silence. Call about once a second.
   *
   * @param nowMs gateway time of the tick, epoch ms
   */
  public void tick(long nowMs, Consumer<Alert> out) {
    if (lastTickMs != Long.MIN_VALUE && nowMs - lastTickMs > settings.minSilence().toMillis()) {
      long pausedMs = nowMs - lastTickMs;
      bySeries.values().forEach(series -> series.heartbeat().pause(pausedMs));
    }
    lastTickMs = Math.max(lastTickMs, nowMs);
    for (Device device : devices.values()) {
      if (device.offline.active()) {
        continue;
      }
      if (allSilent(device, nowMs)) {
        raiseOffline(
                device,
                nowMs,
                "device offline: no readings of any of its "
                    + device.series.size()
                    + " metrics for "
                    + Durations.text(nowMs - latest(device).lastArrivalMs()))
            .ifPresent(out);
      } else {
        for (SeriesDetector series : device.series.values()) {
          series.checkSilence(nowMs, settings.minSilence(), out);
        }
      }
    }
  }

  /**
   * The device announced that it is offline (its agent's MQTT will after a lost connection, or a
   * clean shutdown): raises its device-level {@link AlertKind#OFFLINE} now rather than after the
   * silence. A device never seen, or already offline, raises nothing; its next reading clears it.
   *
   * @param nowMs gateway time of the announcement, epoch ms
   */
  public void deviceOffline(String deviceId, long nowMs, Consumer<Alert> out) {
    Device device = devices.get(deviceId);
    if (device == null || device.series.isEmpty() || device.offline.active()) {
      return;
    }
    long silentMs = nowMs - latest(device).lastArrivalMs();
    raiseOffline(
            device,
            nowMs,
            "device offline: its agent said so (MQTT will or shutdown); last reading "
                + Durations.text(silentMs)
                + " ago")
        .ifPresent(out);
  }

  private boolean allSilent(Device device, long nowMs) {
    for (SeriesDetector series : device.series.values()) {
      if (!series.heartbeat().silent(nowMs, settings.minSilence())) {
        return false;
      }
    }
    return !device.series.isEmpty();
  }

  private static Heartbeat latest(Device device) {
    return device.series.values().stream()
        .map(SeriesDetector::heartbeat)
        .max(Comparator.comparingLong(Heartbeat::lastArrivalMs))
        .orElseThrow();
  }

  private Optional<Alert> raiseOffline(Device device, long nowMs, String message) {
    Alert alert =
        device.offline.raise(
            latest(device).last(nowMs), device.policy.severity(Severity.WARNING), 1.0, message);
    return device.policy.enabled(AlertKind.OFFLINE) ? Optional.of(alert) : Optional.empty();
  }

  private SeriesDetector find(Reading reading) {
    SeriesDetector last = lastSeries;
    if (last != null
        && last.series().deviceId().equals(reading.deviceId())
        && last.series().metric().equals(reading.metric())) {
      return last;
    }
    SeriesKey key = reading.series();
    SeriesDetector series = bySeries.get(key);
    Device device = devices.computeIfAbsent(key.deviceId(), id -> new Device(id, settings));
    if (series == null) {
      series =
          new SeriesDetector(key, SeriesPolicy.resolve(settings, key.deviceId(), key.metric()));
      bySeries.put(key, series);
      device.series.put(key.metric(), series);
    }
    lastSeries = series;
    lastDevice = device;
    return series;
  }

  /** Writes the state of every device and series, in (device, metric) order. */
  public void write(DataOutput out) throws IOException {
    StateCodec.writeSection(out, "DETS");
    out.writeLong(lastTickMs);
    out.writeInt(devices.size());
    for (Map.Entry<String, Device> device : devices.entrySet()) {
      out.writeUTF(device.getKey());
      device.getValue().offline.write(out);
      out.writeInt(device.getValue().series.size());
      for (Map.Entry<String, SeriesDetector> series : device.getValue().series.entrySet()) {
        out.writeUTF(series.getKey());
        series.getValue().write(out);
      }
    }
  }

  /** Reads what {@link #write} wrote; the rules of {@code settings} apply from now on. */
  public static Detectors read(DetectionSettings settings, DataInput in) throws IOException {
    StateCodec.readSection(in, "DETS");
    Detectors detectors = new Detectors(settings);
    detectors.lastTickMs = in.readLong();
    int deviceCount = StateCodec.readCount(in, "device count", Integer.MAX_VALUE);
    for (int d = 0; d < deviceCount; d++) {
      String deviceId = in.readUTF();
      Device device = new Device(deviceId, settings);
      device.offline.read(in);
      StateCodec.check(
          detectors.devices.put(deviceId, device) == null, "device " + deviceId + " twice");
      int seriesCount = StateCodec.readCount(in, "series count", Integer.MAX_VALUE);
      for (int s = 0; s < seriesCount; s++) {
        SeriesKey key = new SeriesKey(deviceId, in.readUTF());
        SeriesDetector series =
            SeriesDetector.read(key, SeriesPolicy.resolve(settings, deviceId, key.metric()), in);
        StateCodec.check(device.series.put(key.metric(), series) == null, key + " twice");
        detectors.bySeries.put(key, series);
      }
    }
    return detectors;
  }
}
