package io.tern.sim.scenario;

import java.util.Arrays;
import java.util.Optional;

/** How a simulated device publishes (the scenario's {@code devices[].mode}). */
public enum DeviceMode {
  /** A real edge agent embedded in the simulator's JVM: own Chronicle outbox, own MQTT session. */
  AGENT("agent"),
  /**
   * Light load mode: the simulator encodes {@code TelemetryBatch}es itself (its own stream epoch
   * and seqs, one batch per tick) and publishes them over MQTT; can re-send and reorder batches.
   * Holds unacknowledged batches in memory only.
   */
  DIRECT("direct"),
  /**
   * A real agent process ({@code AgentMain}) replaying a CSV file the simulator writes at start;
   * can be killed with {@code kill -9} and restarted. Needs a scenario duration.
   */
  PROCESS("process");

  private final String yamlName;

  DeviceMode(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  public static Optional<DeviceMode> byName(String name) {
    return Arrays.stream(values()).filter(m -> m.yamlName.equals(name)).findFirst();
  }
}
