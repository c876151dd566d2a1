package io.tern.sim.scenario;

import io.tern.sim.check.CheckSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A simulation scenario, usually read from a YAML file by {@link ScenarioLoader}.
 *
 * @param duration how long to run; empty means until Ctrl-C
 * @param check what the checker demands of a run (its {@code check} key)
 */
public record Scenario(
    long seed, Optional<Duration> duration, List<DeviceType> deviceTypes, CheckSettings check) {

  /** A scenario with the default check settings. */
  public Scenario(long seed, Optional<Duration> duration, List<DeviceType> deviceTypes) {
    this(seed, duration, deviceTypes, CheckSettings.defaults());
  }

  public Scenario {
    deviceTypes = List.copyOf(deviceTypes);
    if (deviceTypes.isEmpty()) {
      throw new IllegalArgumentException("at least one device type is needed");
    }
    if (duration.isPresent() && (duration.get().isZero() || duration.get().isNegative())) {
      throw new IllegalArgumentException("duration must be positive: " + duration.get());
    }
  }

  public int totalDevices() {
    return deviceTypes.stream().mapToInt(DeviceType::count).sum();
  }

  /** The same scenario with every device type's count replaced by {@code count}. */
  public Scenario withDevicesPerType(int count) {
    return new Scenario(
        seed, duration, deviceTypes.stream().map(t -> t.withCount(count)).toList(), check);
  }

  public Scenario withDuration(Duration newDuration) {
    return new Scenario(seed, Optional.of(newDuration), deviceTypes, check);
  }
}
