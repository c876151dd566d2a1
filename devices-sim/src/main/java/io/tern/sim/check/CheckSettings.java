package io.tern.sim.check;

import io.tern.sim.signal.AnomalyKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the checker demands beyond "no reading lost or doubled" (the scenario's {@code check} key).
 *
 * @param minRecall per anomaly kind, the least share of its labels an alert must match; kinds not
 *     listed are reported but never fail the check
 * @param tolerance how long after a label's end an alert still matches it
 */
public record CheckSettings(Map<AnomalyKind, Double> minRecall, Duration tolerance) {

  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(5);

  public CheckSettings {
    minRecall = minRecall.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(minRecall));
    minRecall.forEach(
        (kind, recall) -> {
          if (!(recall >= 0 && recall <= 1)) {
            throw new IllegalArgumentException(
                "min-recall of " + kind.yamlName() + " must be in [0, 1], was " + recall);
          }
        });
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must be >= 0, was " + tolerance);
    }
  }

  public static CheckSettings defaults() {
    return new CheckSettings(Map.of(), DEFAULT_TOLERANCE);
  }

  public CheckSettings withTolerance(Duration newTolerance) {
    return new CheckSettings(minRecall, newTolerance);
  }
}
