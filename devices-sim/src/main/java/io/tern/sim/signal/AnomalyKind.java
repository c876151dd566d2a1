package io.tern.sim.signal;

import java.util.Arrays;
import java.util.Optional;

/** Kinds of injected anomaly; each one produces a ground-truth {@link AnomalyLabel}. */
public enum AnomalyKind {
  /** Value raised by |magnitude| (one reading, or every reading for {@code duration}). */
  SPIKE("spike", false),
  /** Value lowered by |magnitude| (one reading, or every reading for {@code duration}). */
  DIP("dip", false),
  /** Value offset by magnitude (signed) for {@code duration}. */
  LEVEL_SHIFT("level-shift", true),
  /** Value frozen at the last reading before the anomaly for {@code duration}. */
  STUCK("stuck", true),
  /** Offset growing linearly from 0 to magnitude (signed) over {@code duration}. */
  DRIFT("drift", true),
  /** No readings at all for {@code duration}. */
  DROPOUT("dropout", true);

  private final String yamlName;
  private final boolean needsDuration;

  AnomalyKind(String yamlName, boolean needsDuration) {
    this.yamlName = yamlName;
    this.needsDuration = needsDuration;
  }

  public String yamlName() {
    return yamlName;
  }

  /** Whether the kind only makes sense over a positive duration. */
  public boolean needsDuration() {
    return needsDuration;
  }

  public static Optional<AnomalyKind> byName(String name) {
    return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
  }
}
