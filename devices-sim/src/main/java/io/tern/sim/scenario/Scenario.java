package io.tern.sim.scenario;

import io.tern.sim.check.CheckSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A simulation scenario, usually read from a YAML file by {@link ScenarioLoader}.
 *
 * @param duration how long to run; empty means until Ctrl-C
 * @param check what the checker demands of a run (its {@code check} key)
 * @param faults scripted faults; each names devices that exist, in modes the fault fits, and acts
 *     before the end of the duration
 * @param load present: the {@code direct} devices publish over one shared event loop (its {@code
 *     load} key); empty: one Paho client per direct device
 */
public record Scenario(
    long seed,
    Optional<Duration> duration,
    List<DeviceType> deviceTypes,
    CheckSettings check,
    List<FaultSpec> faults,
    Optional<LoadSettings> load) {

  /** A scenario with the default check settings and no faults. */
  public Scenario(long seed, Optional<Duration> duration, List<DeviceType> deviceTypes) {
    this(seed, duration, deviceTypes, CheckSettings.defaults(), List.of());
  }

  /** A scenario without a {@code load} block. */
  public Scenario(
      long seed,
      Optional<Duration> duration,
      List<DeviceType> deviceTypes,
      CheckSettings check,
      List<FaultSpec> faults) {
    this(seed, duration, deviceTypes, check, faults, Optional.empty());
  }

  public Scenario {
    deviceTypes = List.copyOf(deviceTypes);
    faults = List.copyOf(faults);
    if (deviceTypes.isEmpty()) {
      throw new IllegalArgumentException("at least one device type is needed");
    }
    if (duration.isPresent() && (duration.get().isZero() || duration.get().isNegative())) {
      throw new IllegalArgumentException("duration must be positive: " + duration.get());
    }
    for (int i = 0; i < faults.size(); i++) {
      Optional<String> problem = faultProblem(faults.get(i), deviceTypes, duration);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(at("faults[" + i + "]", problem.get()));
      }
    }
  }

  public int totalDevices() {
    return deviceTypes.stream().mapToInt(DeviceType::count).sum();
  }

  /** The same scenario with every device type's count replaced by {@code count}. */
  public Scenario withDevicesPerType(int count) {
    return new Scenario(
        seed,
        duration,
        deviceTypes.stream().map(t -> t.withCount(count)).toList(),
        check,
        faults,
        load);
  }

  public Scenario withDuration(Duration newDuration) {
    return new Scenario(seed, Optional.of(newDuration), deviceTypes, check, faults, load);
  }

  /**
   * The device ids a fault's selectors name (a type name: all its devices; a device id: that one),
   * in order, without repeats; every device for a fault without selectors.
   */
  public List<String> deviceIds(FaultSpec fault) {
    Set<String> ids = new LinkedHashSet<>();
    for (DeviceType type : deviceTypes) {
      for (int i = 0; i < type.count(); i++) {
        String id = type.deviceId(i);
        if (fault.devices().isEmpty()
            || fault.devices().contains(type.name())
            || fault.devices().contains(id)) {
          ids.add(id);
        }
      }
    }
    return List.copyOf(ids);
  }

  /** A problem of {@link #faultProblem} located at the fault's path. */
  static String at(String faultPath, String problem) {
    return faultPath + (problem.startsWith("devices[") ? "." : ": ") + problem;
  }

  /**
   * What is wrong with a fault in a scenario of these device types and duration (a selector naming
   * nothing, a device in a mode the fault does not fit, a fault acting after the end), if anything.
   */
  static Optional<String> faultProblem(
      FaultSpec fault, List<DeviceType> types, Optional<Duration> duration) {
    List<String> problems = new ArrayList<>();
    List<String> selectors = fault.devices();
    for (int i = 0; i < selectors.size() && problems.isEmpty(); i++) {
      String selector = selectors.get(i);
      Optional<DeviceType> type =
          types.stream()
              .filter(t -> t.name().equals(selector) || t.hasDevice(selector))
              .findFirst();
      if (type.isEmpty()) {
        problems.add(
            "devices["
                + i
                + "]: no device type or device '"
                + selector
                + "' (expected a type name or a device id such as "
                + types.get(0).deviceId(0)
                + ")");
      } else if (!fault.kind().modes().contains(type.get().mode())) {
        problems.add(
            "devices["
                + i
                + "]: "
                + fault.kind().yamlName()
                + " needs devices of mode "
                + String.join(
                    " or ", fault.kind().modes().stream().map(DeviceMode::yamlName).toList())
                + "; '"
                + selector
                + "' is of mode "
                + type.get().mode().yamlName());
      }
    }
    if (problems.isEmpty()
        && duration.isPresent()
        && fault.lastMoment().compareTo(duration.get()) > 0) {
      problems.add(
          "acts until "
              + fault.lastMoment().toMillis()
              + " ms, after the end of the run ("
              + duration.get().toMillis()
              + " ms)");
    }
    return problems.stream().findFirst();
  }
}
