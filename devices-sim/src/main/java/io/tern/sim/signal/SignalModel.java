package io.tern.sim.signal;

import java.util.Arrays;
import java.util.Optional;

/** How the undisturbed value of a metric evolves over time (see devices-sim/README.md). */
public enum SignalModel {
  /** {@code baseline + amplitude * sin(2πt/period + random phase) + noise}. */
  SINE("sine"),
  /** Like sine but phase-locked to the clock: minimum at t mod period = 0 (midnight UTC). */
  DAILY("daily"),
  /** Mean-reverting random walk around baseline, step size {@code noise}, clamped to ±amplitude. */
  RANDOM_WALK("random-walk"),
  /** Monotonic counter: each reading adds {@code max(0, baseline + noise)}. */
  COUNTER("counter");

  private final String yamlName;

  SignalModel(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  public static Optional<SignalModel> byName(String name) {
    return Arrays.stream(values()).filter(m -> m.yamlName.equals(name)).findFirst();
  }
}
