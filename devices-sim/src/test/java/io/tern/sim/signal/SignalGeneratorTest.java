package io.tern.sim.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignalGeneratorTest {

  private static final MetricProfile TEMP =
      new MetricProfile("temperature_c", 22.0, 3.0, Duration.ofMinutes(2), 0.15, 12.0);

  private static List<SignalGenerator.Sample> run(double spikeProbability, long seed, int n) {
    SignalGenerator generator =
        new SignalGenerator(TEMP, spikeProbability, new SplittableRandom(seed));
    List<SignalGenerator.Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(generator.sampleAt(1_767_225_600_000L + i * 200L));
    }
    return samples;
  }

  @Test
  void sameSeed_sameSignal() {
    assertThat(run(0.01, 7, 500)).isEqualTo(run(0.01, 7, 500));
  }

  @Test
  void differentSeed_differentSignal() {
    assertThat(run(0.01, 7, 50)).isNotEqualTo(run(0.01, 8, 50));
  }

  @Test
  void withoutSpikes_staysWithinSineAmplitudePlusNoise() {
    List<SignalGenerator.Sample> samples = run(0.0, 1, 5_000);

    assertThat(samples).noneMatch(SignalGenerator.Sample::spike);
    assertThat(samples)
        .allSatisfy(s -> assertThat(s.value()).isBetween(22.0 - 3.0 - 1.0, 22.0 + 3.0 + 1.0));
  }

  @Test
  void spikes_areLabelledAndStandOutByAtLeastTheirMagnitude() {
    List<SignalGenerator.Sample> samples = run(1.0, 3, 1_000);

    assertThat(samples).allMatch(SignalGenerator.Sample::spike);
    // Sine + noise stays within 22 ± 4; a spike adds at least 12 in either direction.
    assertThat(samples).allSatisfy(s -> assertThat(Math.abs(s.value() - 22.0)).isGreaterThan(8.0));
  }

  @Test
  void spikeRate_followsProbability() {
    long spikes = run(0.02, 11, 20_000).stream().filter(SignalGenerator.Sample::spike).count();

    // Binomial(20000, 0.02): mean 400, sd ~20.
    assertThat(spikes).isBetween(300L, 500L);
  }

  @Test
  void invalidProbability_isRefused() {
    assertThatThrownBy(() -> new SignalGenerator(TEMP, 1.5, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spike probability");
  }
}
