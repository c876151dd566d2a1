package io.tern.bench.detection;

import io.tern.sim.scenario.DeviceType;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.signal.AnomalyKind;
import io.tern.sim.signal.AnomalySpec;
import io.tern.sim.signal.AnomalySpec.Frequency.PerHour;
import io.tern.sim.signal.MetricSpec;
import io.tern.sim.signal.SignalModel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The built-in simulated fleet of {@code tern bench detection}: two device types with metrics of
 * different scales, sampling intervals and signal models (daily cycle, sine, mean-reverting random
 * walk), and every anomaly kind of the simulator injected about once every one to two hours per
 * series. Magnitudes are several noise levels (not tuned to any detector).
 */
public final class BenchScenario {

  private BenchScenario() {}

  /** {@code devicesPerType} machines (1 s) and as many servers (10 s), with the given seed. */
  public static Scenario of(int devicesPerType, long seed) {
    DeviceType machine =
        new DeviceType(
            "machine",
            devicesPerType,
            Duration.ofSeconds(1),
            List.of(
                metric(
                    "bearing_temp_c",
                    SignalModel.DAILY,
                    55,
                    6,
                    Duration.ofDays(1),
                    0.2,
                    anomaly(AnomalyKind.SPIKE, 1, 4, Duration.ZERO),
                    anomaly(AnomalyKind.DRIFT, 0.5, 8, Duration.ofMinutes(20))),
                metric(
                    "vibration_rms_mm_s",
                    SignalModel.SINE,
                    2.2,
                    0.3,
                    Duration.ofSeconds(90),
                    0.03,
                    anomaly(AnomalyKind.SPIKE, 1, 1.5, Duration.ZERO),
                    anomaly(AnomalyKind.DIP, 1, 1.0, Duration.ZERO)),
                metric(
                    "pressure_bar",
                    SignalModel.RANDOM_WALK,
                    4.0,
                    0.5,
                    Duration.ofMinutes(1),
                    0.01,
                    anomaly(AnomalyKind.LEVEL_SHIFT, 1, -0.6, Duration.ofMinutes(10)),
                    anomaly(AnomalyKind.STUCK, 0.5, 0, Duration.ofMinutes(5))),
                metric(
                    "flow_l_min",
                    SignalModel.SINE,
                    120,
                    15,
                    Duration.ofMinutes(10),
                    1.5,
                    anomaly(AnomalyKind.LEVEL_SHIFT, 0.5, 20, Duration.ofMinutes(5)),
                    anomaly(AnomalyKind.STUCK, 0.5, 0, Duration.ofMinutes(5)),
                    anomaly(AnomalyKind.DROPOUT, 0.5, 0, Duration.ofMinutes(2)))));
    DeviceType server =
        new DeviceType(
            "server",
            devicesPerType,
            Duration.ofSeconds(10),
            List.of(
                metric(
                    "cpu_pct",
                    SignalModel.DAILY,
                    35,
                    20,
                    Duration.ofDays(1),
                    3,
                    anomaly(AnomalyKind.SPIKE, 1, 40, Duration.ZERO),
                    anomaly(AnomalyKind.LEVEL_SHIFT, 0.5, 30, Duration.ofMinutes(30))),
                metric(
                    "inlet_temp_f",
                    SignalModel.SINE,
                    98,
                    4,
                    Duration.ofHours(2),
                    0.5,
                    anomaly(AnomalyKind.DRIFT, 0.5, 12, Duration.ofHours(1)),
                    anomaly(AnomalyKind.DIP, 0.5, 6, Duration.ZERO),
                    anomaly(AnomalyKind.DROPOUT, 0.5, 0, Duration.ofMinutes(10)))));
    return new Scenario(seed, Optional.empty(), List.of(machine, server));
  }

  private static MetricSpec metric(
      String name,
      SignalModel model,
      double baseline,
      double amplitude,
      Duration period,
      double noise,
      AnomalySpec... anomalies) {
    return new MetricSpec(name, model, baseline, amplitude, period, noise, List.of(anomalies));
  }

  private static AnomalySpec anomaly(
      AnomalyKind kind, double perHour, double magnitude, Duration duration) {
    return new AnomalySpec(kind, new PerHour(perHour), magnitude, duration);
  }
}
