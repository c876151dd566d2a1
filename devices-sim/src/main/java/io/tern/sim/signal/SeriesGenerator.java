package io.tern.sim.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Produces the readings of one metric of one device at increasing event times: the undisturbed
 * {@link SignalModel} value plus at most one active injected anomaly, whose ground-truth label is
 * returned with the reading at which it starts. Pure: no I/O, no clock.
 *
 * <p>Deterministic for a given seed and sequence of event times. Not thread-safe: one generator per
 * series, called by the simulator's clock thread.
 */
public final class SeriesGenerator {

  /**
   * One step of the series.
   *
   * @param present false during a dropout: no reading must be recorded
   * @param started the label of an anomaly starting at this reading, if any
   */
  public record Sample(double value, boolean present, Optional<AnomalyLabel> started) {}

  private record Active(
      AnomalyKind kind, long startMs, long endMs, double magnitude, double frozen) {
    boolean covers(long t) {
      return t == startMs || t < endMs;
    }
  }

  private static final double REVERSION = 0.02;

  private final String deviceId;
  private final MetricSpec spec;
  private final RandomGenerator random;
  private final double phase;
  private final List<Double> probabilities = new ArrayList<>();
  private double state;
  private double lastValue = Double.NaN;
  private Active active;

  public SeriesGenerator(
      String deviceId, MetricSpec spec, long intervalMs, RandomGenerator random) {
    if (intervalMs < 1) {
      throw new IllegalArgumentException("interval must be >= 1 ms: " + intervalMs);
    }
    this.deviceId = deviceId;
    this.spec = spec;
    this.random = random;
    this.phase = random.nextDouble() * 2 * Math.PI;
    this.state = spec.model() == SignalModel.COUNTER ? 0 : spec.baseline();
    for (AnomalySpec anomaly : spec.anomalies()) {
      probabilities.add(anomaly.probabilityPerReading(intervalMs));
    }
  }

  public String metric() {
    return spec.name();
  }

  public Sample next(long eventTimeMs) {
    double base = baseValue(eventTimeMs);
    if (active != null && !active.covers(eventTimeMs)) {
      active = null;
    }
    Optional<AnomalyLabel> started = Optional.empty();
    if (active == null) {
      started = maybeStart(eventTimeMs, base);
    }
    if (active == null) {
      lastValue = base;
      return new Sample(base, true, started);
    }
    if (active.kind() == AnomalyKind.DROPOUT) {
      return new Sample(Double.NaN, false, started);
    }
    double value = disturb(base, eventTimeMs);
    lastValue = value;
    return new Sample(value, true, started);
  }

  private Optional<AnomalyLabel> maybeStart(long t, double base) {
    for (int i = 0; i < probabilities.size(); i++) {
      if (random.nextDouble() < probabilities.get(i)) {
        AnomalySpec anomaly = spec.anomalies().get(i);
        long end = t + anomaly.duration().toMillis();
        double frozen = Double.isNaN(lastValue) ? base : lastValue;
        active = new Active(anomaly.kind(), t, end, anomaly.magnitude(), frozen);
        return Optional.of(new AnomalyLabel(deviceId, spec.name(), anomaly.kind(), t, end));
      }
    }
    return Optional.empty();
  }

  private double disturb(double base, long t) {
    double magnitude = active.magnitude();
    return switch (active.kind()) {
      case SPIKE -> base + Math.abs(magnitude);
      case DIP -> base - Math.abs(magnitude);
      case LEVEL_SHIFT -> base + magnitude;
      case STUCK -> active.frozen();
      case DRIFT -> base + magnitude * (t - active.startMs()) / (active.endMs() - active.startMs());
      case DROPOUT -> throw new IllegalStateException("dropout has no value");
    };
  }

  private double baseValue(long t) {
    double noise = spec.noise() * random.nextGaussian();
    double period = spec.period().toMillis();
    return switch (spec.model()) {
      case SINE ->
          spec.baseline() + spec.amplitude() * Math.sin(2 * Math.PI * t / period + phase) + noise;
      case DAILY ->
          spec.baseline()
              - spec.amplitude() * Math.cos(2 * Math.PI * Math.floorMod(t, (long) period) / period)
              + noise;
      case RANDOM_WALK -> {
        state += REVERSION * (spec.baseline() - state) + noise;
        if (spec.amplitude() > 0) {
          state =
              Math.max(
                  spec.baseline() - spec.amplitude(),
                  Math.min(spec.baseline() + spec.amplitude(), state));
        }
        yield state;
      }
      case COUNTER -> {
        state += Math.max(0, spec.baseline() + noise);
        yield state;
      }
    };
  }
}
