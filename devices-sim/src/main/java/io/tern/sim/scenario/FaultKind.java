package io.tern.sim.scenario;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Kinds of scripted fault (the scenario's {@code faults[].kind}) and the device modes they fit. */
public enum FaultKind {
  /** The devices' links to the gateway are cut for a period; their agents keep buffering. */
  OFFLINE("offline", EnumSet.allOf(DeviceMode.class)),
  /** Every device's link is cut for a period. */
  GATEWAY_UNREACHABLE("gateway-unreachable", EnumSet.allOf(DeviceMode.class)),
  /** Some acknowledged batches are published again. */
  DUPLICATES("duplicates", EnumSet.of(DeviceMode.DIRECT)),
  /** Some batches are held back and sent after later ones. */
  REORDER("reorder", EnumSet.of(DeviceMode.DIRECT)),
  /** The device's event times are off by a constant. */
  CLOCK_SKEW("clock-skew", EnumSet.allOf(DeviceMode.class)),
  /** The device's clock steps forward or back at a moment. */
  CLOCK_JUMP("clock-jump", EnumSet.allOf(DeviceMode.class)),
  /** The device samples {@code factor} times as often for a period. */
  BURST("burst", EnumSet.of(DeviceMode.AGENT, DeviceMode.DIRECT)),
  /** The device's agent process is killed with {@code kill -9} and started again. */
  KILL("kill", EnumSet.of(DeviceMode.PROCESS));

  private final String yamlName;
  private final Set<DeviceMode> modes;

  FaultKind(String yamlName, Set<DeviceMode> modes) {
    this.yamlName = yamlName;
    this.modes = modes;
  }

  public String yamlName() {
    return yamlName;
  }

  /** The device modes this fault can be applied to. */
  public Set<DeviceMode> modes() {
    return modes;
  }

  public static Optional<FaultKind> byName(String name) {
    return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
  }
}
