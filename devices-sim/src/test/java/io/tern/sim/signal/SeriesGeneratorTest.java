package io.tern.sim.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesGeneratorTest {

  private static final long T0 = 1_767_225_600_000L;
  private static final long STEP = 100;

  /** A flat, noise-free signal at 10.0, so every disturbance is exactly visible. */
  private static MetricSpec flat(AnomalySpec... anomalies) {
    return new MetricSpec(
        "m", SignalModel.SINE, 10.0, 0.0, Duration.ofMinutes(1), 0.0, List.of(anomalies));
  }

  private static AnomalySpec always(AnomalyKind kind, double magnitude, Duration duration) {
    return new AnomalySpec(kind, new AnomalySpec.Frequency.PerReading(1.0), magnitude, duration);
  }

  private static List<SeriesGenerator.Sample> run(MetricSpec spec, long seed, int n) {
    SeriesGenerator generator = new SeriesGenerator("d-1", spec, STEP, new SplittableRandom(seed));
    List<SeriesGenerator.Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(generator.next(T0 + i * STEP));
    }
    return samples;
  }

  private static List<AnomalyLabel> labels(List<SeriesGenerator.Sample> samples) {
    return samples.stream().flatMap(s -> s.started().stream()).toList();
  }

  private static AnomalyLabel label(AnomalyKind kind, long start, long end) {
    return new AnomalyLabel("d-1", "m", kind, start, end);
  }

  @Test
  void spike_raisesOneReadingByMagnitude_labelStartEqualsEnd() {
    List<SeriesGenerator.Sample> samples =
        run(flat(always(AnomalyKind.SPIKE, -5, Duration.ZERO)), 1, 3);

    assertThat(samples).extracting(SeriesGenerator.Sample::value).containsExactly(15.0, 15.0, 15.0);
    assertThat(labels(samples))
        .containsExactly(
            label(AnomalyKind.SPIKE, T0, T0),
            label(AnomalyKind.SPIKE, T0 + STEP, T0 + STEP),
            label(AnomalyKind.SPIKE, T0 + 2 * STEP, T0 + 2 * STEP));
  }

  @Test
  void dip_lowersReadingsForItsDuration() {
    List<SeriesGenerator.Sample> samples =
        run(flat(always(AnomalyKind.DIP, 4, Duration.ofMillis(250))), 1, 4);

    // Readings at +0, +100, +200 are inside [T0, T0+250); the one at +300 starts the next dip.
    assertThat(samples).extracting(SeriesGenerator.Sample::value).containsOnly(6.0);
    assertThat(labels(samples))
        .containsExactly(
            label(AnomalyKind.DIP, T0, T0 + 250), label(AnomalyKind.DIP, T0 + 300, T0 + 550));
  }

  @Test
  void levelShift_offsetsBySignedMagnitudeForExactlyItsDuration() {
    MetricSpec spec =
        flat(
            new AnomalySpec(
                AnomalyKind.LEVEL_SHIFT,
                new AnomalySpec.Frequency.PerReading(1.0),
                -3,
                Duration.ofMillis(300)));
    SeriesGenerator generator = new SeriesGenerator("d-1", spec, STEP, new SplittableRandom(1));

    SeriesGenerator.Sample first = generator.next(T0);
    assertThat(first.started()).contains(label(AnomalyKind.LEVEL_SHIFT, T0, T0 + 300));
    assertThat(first.value()).isEqualTo(7.0);
    assertThat(generator.next(T0 + 299).value()).isEqualTo(7.0);
    assertThat(generator.next(T0 + 299).started()).isEmpty();
    // At endMs the shift is over and (probability 1) a new one starts: label proves the boundary.
    assertThat(generator.next(T0 + 300).started())
        .contains(label(AnomalyKind.LEVEL_SHIFT, T0 + 300, T0 + 600));
  }

  @Test
  void stuck_freezesTheLastValueBeforeTheAnomaly() {
    MetricSpec spec =
        new MetricSpec(
            "m",
            SignalModel.SINE,
            10.0,
            2.0,
            Duration.ofSeconds(10),
            0.5,
            List.of(
                new AnomalySpec(
                    AnomalyKind.STUCK,
                    new AnomalySpec.Frequency.PerHour(0),
                    0,
                    Duration.ofSeconds(1))));
    // Rate 0: never starts. Same spec with probability 1 after a warm-up is checked below.
    assertThat(labels(run(spec, 3, 1_000))).isEmpty();

    MetricSpec stuck =
        new MetricSpec(
            "m",
            SignalModel.SINE,
            10.0,
            2.0,
            Duration.ofSeconds(10),
            0.5,
            List.of(always(AnomalyKind.STUCK, 0, Duration.ofMillis(500))));
    List<SeriesGenerator.Sample> samples = run(stuck, 3, 5);
    assertThat(labels(samples)).containsExactly(label(AnomalyKind.STUCK, T0, T0 + 500));
    // No earlier reading: frozen at the undisturbed value of the first reading.
    assertThat(samples)
        .extracting(SeriesGenerator.Sample::value)
        .containsOnly(samples.get(0).value());
  }

  @Test
  void drift_growsLinearlyFromZeroToMagnitude() {
    List<SeriesGenerator.Sample> samples =
        run(flat(always(AnomalyKind.DRIFT, 8, Duration.ofMillis(400))), 1, 4);

    assertThat(samples)
        .extracting(SeriesGenerator.Sample::value)
        .containsExactly(10.0, 12.0, 14.0, 16.0);
    assertThat(labels(samples)).containsExactly(label(AnomalyKind.DRIFT, T0, T0 + 400));
  }

  @Test
  void dropout_producesNoReadingsForItsDuration() {
    List<SeriesGenerator.Sample> samples =
        run(flat(always(AnomalyKind.DROPOUT, 0, Duration.ofMillis(200))), 1, 4);

    assertThat(samples).noneMatch(SeriesGenerator.Sample::present);
    assertThat(labels(samples))
        .containsExactly(
            label(AnomalyKind.DROPOUT, T0, T0 + 200),
            label(AnomalyKind.DROPOUT, T0 + 200, T0 + 400));
  }

  @Test
  void noAnomalies_sineStaysWithinAmplitude_andCounterIsMonotonic() {
    MetricSpec sine =
        new MetricSpec("m", SignalModel.SINE, 5, 2, Duration.ofSeconds(3), 0, List.of());
    assertThat(run(sine, 1, 500))
        .allSatisfy(s -> assertThat(s.value()).isBetween(3.0, 7.0))
        .allMatch(SeriesGenerator.Sample::present);

    MetricSpec counter =
        new MetricSpec("c", SignalModel.COUNTER, 0.5, 0, Duration.ofMinutes(1), 0.3, List.of());
    List<Double> values = run(counter, 1, 500).stream().map(SeriesGenerator.Sample::value).toList();
    assertThat(values).isSorted();
    assertThat(values.get(499)).isCloseTo(250.0, within(30.0));
  }

  @Test
  void daily_isLowAtMidnightAndHighAtNoon() {
    MetricSpec daily =
        new MetricSpec("t", SignalModel.DAILY, 20, 3, Duration.ofDays(1), 0, List.of());
    SeriesGenerator generator = new SeriesGenerator("d", daily, 1000, new SplittableRandom(1));

    assertThat(generator.next(T0).value()).isCloseTo(17.0, within(1e-9)); // T0 is midnight UTC
    assertThat(generator.next(T0 + 43_200_000L).value()).isCloseTo(23.0, within(1e-9));
  }

  @Test
  void randomWalk_staysWithinAmplitude() {
    MetricSpec walk =
        new MetricSpec("w", SignalModel.RANDOM_WALK, 50, 5, Duration.ofMinutes(1), 2, List.of());
    assertThat(run(walk, 9, 5_000)).allSatisfy(s -> assertThat(s.value()).isBetween(45.0, 55.0));
  }

  @Test
  void sameSeed_sameValuesAndLabels_differentSeed_different() {
    MetricSpec spec =
        new MetricSpec(
            "m",
            SignalModel.RANDOM_WALK,
            10,
            5,
            Duration.ofMinutes(1),
            0.5,
            List.of(
                new AnomalySpec(
                    AnomalyKind.SPIKE,
                    new AnomalySpec.Frequency.PerReading(0.01),
                    5,
                    Duration.ZERO),
                new AnomalySpec(
                    AnomalyKind.DROPOUT,
                    new AnomalySpec.Frequency.PerHour(360),
                    0,
                    Duration.ofSeconds(1))));

    List<SeriesGenerator.Sample> a = run(spec, 5, 5_000);
    assertThat(a).isEqualTo(run(spec, 5, 5_000));
    assertThat(labels(a)).isNotEmpty();
    assertThat(a).isNotEqualTo(run(spec, 6, 5_000));
  }

  @Test
  void ratePerHour_isConvertedWithTheInterval() {
    AnomalySpec spec =
        new AnomalySpec(AnomalyKind.SPIKE, new AnomalySpec.Frequency.PerHour(36), 1, Duration.ZERO);
    assertThat(spec.probabilityPerReading(1_000)).isCloseTo(0.01, within(1e-12));
    assertThat(spec.probabilityPerReading(3_600_000)).isEqualTo(1.0);
  }
}
