package io.tern.sim.scenario;

import io.tern.sim.signal.MetricSpec;
import java.time.Duration;
import java.util.List;

/**
 * {@code count} identical devices named {@code name-0001} … sampling every metric each {@code
 * sampleInterval}, publishing in {@code mode}.
 */
public record DeviceType(
    String name, int count, Duration sampleInterval, List<MetricSpec> metrics, DeviceMode mode) {

  /** Devices with embedded real agents ({@link DeviceMode#AGENT}). */
  public DeviceType(String name, int count, Duration sampleInterval, List<MetricSpec> metrics) {
    this(name, count, sampleInterval, metrics, DeviceMode.AGENT);
  }

  public DeviceType {
    java.util.Objects.requireNonNull(mode, "mode");
    if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("type name must match [A-Za-z0-9_-]+: " + name);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    if (sampleInterval.toMillis() < 1) {
      throw new IllegalArgumentException("interval must be >= 1ms, was " + sampleInterval);
    }
    metrics = List.copyOf(metrics);
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("at least one metric is needed");
    }
  }

  public DeviceType withCount(int newCount) {
    return new DeviceType(name, newCount, sampleInterval, metrics, mode);
  }

  public String deviceId(int index) {
    return String.format("%s-%04d", name, index + 1);
  }

  /** Whether {@code deviceId} is one of this type's devices. */
  public boolean hasDevice(String deviceId) {
    for (int i = 0; i < count; i++) {
      if (deviceId(i).equals(deviceId)) {
        return true;
      }
    }
    return false;
  }
}
