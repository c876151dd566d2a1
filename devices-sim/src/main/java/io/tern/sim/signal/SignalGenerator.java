package io.tern.sim.signal;

import java.util.random.RandomGenerator;

/**
 * Produces the values of one metric of one device at given event times: sine + noise, with spikes
 * injected at a given probability per reading and labelled as such (ground truth for detectors).
 *
 * <p>Deterministic for a given seed and sequence of calls. Not thread-safe: one generator per
 * series, called by the simulator's clock thread.
 */
public final class SignalGenerator {

  /** One generated value and whether it is an injected anomaly. */
  public record Sample(double value, boolean spike) {}

  private final MetricProfile profile;
  private final double spikeProbability;
  private final double phase;
  private final RandomGenerator random;

  public SignalGenerator(MetricProfile profile, double spikeProbability, RandomGenerator random) {
    if (spikeProbability < 0 || spikeProbability > 1) {
      throw new IllegalArgumentException(
          "spike probability must be in [0, 1]: " + spikeProbability);
    }
    this.profile = profile;
    this.spikeProbability = spikeProbability;
    this.random = random;
    this.phase = random.nextDouble() * 2 * Math.PI;
  }

  public Sample sampleAt(long eventTimeMs) {
    double angle = 2 * Math.PI * eventTimeMs / profile.period().toMillis() + phase;
    double value =
        profile.baseline()
            + profile.amplitude() * Math.sin(angle)
            + profile.noiseStdDev() * random.nextGaussian();
    if (random.nextDouble() < spikeProbability) {
      double direction = random.nextBoolean() ? 1 : -1;
      double size = profile.spikeMagnitude() * (1 + random.nextDouble());
      return new Sample(value + direction * size, true);
    }
    return new Sample(value, false);
  }

  public MetricProfile profile() {
    return profile;
  }
}
