package io.tern.gateway.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tern.gateway.core.model.Quantile;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantilesTest {
  private static final long T0 = RollupWindowsTest.T0;
  private static final double ACCURACY = 0.01;

  @Test
  void quantiles_areWithinTheSketchsRelativeAccuracy() {
    RollupWindows windows = new RollupWindows(settings(List.of(0.5, 0.9, 0.99)));
    Random random = new Random(42);
    double[] values = new double[5_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(random.nextGaussian() * 2); // long-tailed, 0.01 .. 1000s
      windows.add(new Reading("d", 1, i, "t", values[i], T0 + i), 0);
    }
    List<Rollup> out = windows.add(new Reading("d", 1, -1, "t", 1, T0 + 60_000), 0).closed();

    Arrays.sort(values);
    List<Quantile> quantiles = out.get(0).quantiles();
    assertThat(quantiles).extracting(Quantile::quantile).containsExactly(0.5, 0.9, 0.99);
    for (Quantile q : quantiles) {
      double exact = values[(int) Math.floor(q.quantile() * (values.length - 1))];
      assertThat(q.value()).as("p" + q.quantile()).isCloseTo(exact, within(exact * ACCURACY));
    }
  }

  @Test
  void quantiles_stayWithinMinAndMax_andHandleNegativesAndZero() {
    RollupWindows windows = new RollupWindows(settings(List.of(0.0, 0.5, 1.0)));
    List<Double> values = new ArrayList<>(List.of(-3.0, 0.0, 0.0, 2.0, 7.5));
    for (int i = 0; i < values.size(); i++) {
      windows.add(new Reading("d", 1, i, "t", values.get(i), T0 + i), 0);
    }
    Rollup rollup = windows.add(new Reading("d", 1, 9, "t", 1, T0 + 60_000), 0).closed().get(0);

    assertThat(rollup.quantiles())
        .extracting(Quantile::value)
        .satisfiesExactly(
            p0 -> assertThat(p0).isBetween(-3.0, -3.0 * (1 - ACCURACY)),
            p50 -> assertThat(p50).isEqualTo(0.0),
            p100 -> assertThat(p100).isBetween(7.5 * (1 - ACCURACY), 7.5));
  }

  @Test
  void noQuantilesConfigured_noneReported() {
    RollupWindows windows = new RollupWindows(settings(List.of()));
    windows.add(new Reading("d", 1, 0, "t", 1.0, T0), 0);

    Rollup rollup = windows.add(new Reading("d", 1, 1, "t", 1, T0 + 60_000), 0).closed().get(0);

    assertThat(rollup.quantiles()).isEmpty();
  }

  private static RollupSettings settings(List<Double> quantiles) {
    return new RollupSettings(
        List.of(Duration.ofSeconds(10)),
        Duration.ofSeconds(2),
        Optional.empty(),
        Duration.ofHours(1),
        8,
        quantiles,
        ACCURACY);
  }
}
