package io.tern.gateway.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpikeDetectorTest {
  private static final long T0 = 1_700_000_000_000L;

  /** Readings i = 0..n-1, one per second: 21 + N(0, 0.1), with some values overridden. */
  private static double[] steady(int n, Map<Integer, Double> overrides) {
    Random random = new Random(7);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = overrides.getOrDefault(i, 21.0 + 0.1 * random.nextGaussian());
    }
    return values;
  }

  private static List<Alert> run(double[] values, double factor) {
    Detectors detectors = new Detectors(DetectionSettings.defaults());
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      Reading reading = new Reading("d", 1, i, "temp", values[i] * factor, T0 + i * 1000L);
      detectors.observe(reading, 42, alerts::add);
    }
    alerts.removeIf(alert -> alert.kind() != AlertKind.SPIKE); // the others: DetectorsTest
    return alerts;
  }

  @Test
  void spike_raisesOnce_thenClearsAfterTenNormalReadings() {
    List<Alert> alerts = run(steady(100, Map.of(50, 97.3)), 1);

    assertThat(alerts).hasSize(2);
    Alert raised = alerts.get(0);
    assertThat(raised.state()).isEqualTo(AlertState.RAISED);
    assertThat(raised.kind()).isEqualTo(AlertKind.SPIKE);
    assertThat(raised.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(raised.id()).isEqualTo("d/temp/SPIKE/" + (T0 + 50_000));
    assertThat(raised.value()).isEqualTo(97.3);
    assertThat(raised.eventTimeMs()).isEqualTo(T0 + 50_000);
    assertThat(raised.detectedAtMs()).isEqualTo(42);
    assertThat(raised.score()).isBetween(0.9, 1.0);
    assertThat(raised.message())
        .matches("value 97\\.3 is \\d+(\\.\\d)? deviations above baseline 21\\.0");

    Alert cleared = alerts.get(1);
    assertThat(cleared.state()).isEqualTo(AlertState.CLEARED);
    assertThat(cleared.id()).isEqualTo(raised.id());
    assertThat(cleared.eventTimeMs()).isEqualTo(T0 + 60_000);
    assertThat(cleared.score()).isLessThan(0.5);
  }

  @Test
  void repeatedSpikesWhileActive_areSuppressed_andRestartTheClearCount() {
    List<Alert> alerts = run(steady(100, Map.of(50, 97.3, 53, 5.0)), 1);

    assertThat(alerts)
        .extracting(Alert::state)
        .containsExactly(AlertState.RAISED, AlertState.CLEARED);
    assertThat(alerts.get(1).eventTimeMs()).isEqualTo(T0 + 63_000);
  }

  @Test
  void noAlertsDuringWarmup() {
    assertThat(run(steady(40, Map.of(10, 97.3)), 1)).isEmpty();
  }

  @Test
  void spike_doesNotPoisonTheBaseline_aModerateSpikeLaterStillRaises() {
    // 1000 is ~10,000 deviations out; 22.2 is ~12 deviations out.
    List<Alert> alerts = run(steady(120, Map.of(50, 1000.0, 90, 22.2)), 1);

    assertThat(alerts)
        .extracting(Alert::state, Alert::eventTimeMs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertState.RAISED, T0 + 50_000),
            org.assertj.core.groups.Tuple.tuple(AlertState.CLEARED, T0 + 60_000),
            org.assertj.core.groups.Tuple.tuple(AlertState.RAISED, T0 + 90_000),
            org.assertj.core.groups.Tuple.tuple(AlertState.CLEARED, T0 + 100_000));
  }

  @Test
  void belowBaseline_isReportedAsBelow() {
    List<Alert> alerts = run(steady(60, Map.of(40, 10.0)), 1);

    assertThat(alerts.get(0).message()).contains("below baseline 21.0");
  }

  @Test
  void smoothSineWithSmallNoise_neverAlerts() {
    for (int period : new int[] {12, 60, 600, 6000}) {
      Random random = new Random(period);
      double[] values = new double[20_000];
      for (int i = 0; i < values.length; i++) {
        values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / period) + 0.2 * random.nextGaussian();
      }
      assertThat(run(values, 1)).as("period %d", period).isEmpty();
    }
  }

  @Test
  void scaleFree_sameSeriesTimes1000_behavesTheSame() {
    double[] values = steady(200, Map.of(50, 97.3, 120, 19.5, 150, 23.0));

    List<Alert> base = run(values, 1);
    List<Alert> scaled = run(values, 1000);

    assertThat(base).hasSizeGreaterThanOrEqualTo(4);
    assertThat(scaled).hasSameSizeAs(base);
    for (int i = 0; i < base.size(); i++) {
      assertThat(scaled.get(i).state()).isEqualTo(base.get(i).state());
      assertThat(scaled.get(i).id()).isEqualTo(base.get(i).id());
      assertThat(scaled.get(i).severity()).isEqualTo(base.get(i).severity());
      assertThat(scaled.get(i).score()).isCloseTo(base.get(i).score(), within(1e-9));
    }
  }

  @Test
  void flatQuantisedSeries_doesNotAlertOnItsSmallestStep() {
    double[] values = new double[300];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 37 == 0 ? 46 : 45; // integer sensor, mostly flat
    }
    values[200] = 45;
    assertThat(run(values, 1)).isEmpty();

    values[250] = 60;
    assertThat(run(values, 1)).extracting(Alert::eventTimeMs).first().isEqualTo(T0 + 250_000);
  }

  @Test
  void seriesAreIndependent() {
    Detectors detectors = new Detectors(DetectionSettings.defaults());
    double[] values = steady(60, Map.of(45, 97.3));
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      long t = T0 + i * 1000L;
      detectors.observe(new Reading("a", 1, i, "temp", values[i], t), 0, alerts::add);
      detectors.observe(new Reading("b", 1, i, "temp", 21.0 + (i % 2) * 0.1, t), 0, alerts::add);
    }
    assertThat(alerts).extracting(Alert::deviceId).containsExactly("a", "a"); // RAISED, CLEARED
  }
}
