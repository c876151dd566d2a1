package io.tern.gateway.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Every default detector on constructed series, through the public {@link Detectors}. */
class DetectorsTest {
  private static final long T0 = 1_700_000_000_000L;

  /** Feeds {@code n} readings of one series, one every {@code intervalMs}, gateway time = event. */
  private static List<Alert> run(
      Detectors detectors, int n, long intervalMs, IntToDoubleFunction value) {
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = T0 + i * intervalMs;
      detectors.observe(new Reading("d", 1, i, "m", value.applyAsDouble(i), t), t, alerts::add);
    }
    return alerts;
  }

  private static List<Alert> run(int n, long intervalMs, IntToDoubleFunction value) {
    return run(new Detectors(DetectionSettings.defaults()), n, intervalMs, value);
  }

  /** Gaussian noise around {@code level}; same seed, same noise. */
  private static IntToDoubleFunction noisy(double level, double sigma, long seed) {
    Random random = new Random(seed);
    double[] values = new double[200_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = level + sigma * random.nextGaussian();
    }
    return i -> values[i];
  }

  @Test
  void levelShift_raisedWithinAFewReadings_clearedWhenTheLevelComesBack() {
    IntToDoubleFunction base = noisy(20, 0.5, 1);
    List<Alert> alerts =
        run(600, 1000, i -> base.applyAsDouble(i) + (i >= 300 && i < 400 ? 1.5 : 0));

    assertThat(alerts)
        .extracting(Alert::kind, Alert::state)
        .containsExactly(
            tuple(AlertKind.LEVEL_SHIFT, AlertState.RAISED),
            tuple(AlertKind.LEVEL_SHIFT, AlertState.CLEARED));
    assertThat(alerts.get(0).eventTimeMs()).isBetween(T0 + 300_000, T0 + 310_000);
    assertThat(alerts.get(0).message()).startsWith("shifted up: value ");
    assertThat(alerts.get(1).eventTimeMs()).isBetween(T0 + 400_000, T0 + 430_000);
    assertThat(alerts.get(1).id()).isEqualTo(alerts.get(0).id());
  }

  @Test
  void lastingLevelShift_isAcceptedAsTheNewNormalAfterAnHour() {
    IntToDoubleFunction base = noisy(20, 0.5, 2);
    List<Alert> alerts = run(6000, 1000, i -> base.applyAsDouble(i) - (i >= 300 ? 2 : 0));

    assertThat(alerts)
        .extracting(Alert::kind, Alert::state)
        .containsExactly(
            tuple(AlertKind.LEVEL_SHIFT, AlertState.RAISED),
            tuple(AlertKind.LEVEL_SHIFT, AlertState.CLEARED));
    assertThat(alerts.get(0).message()).startsWith("shifted down");
    assertThat(alerts.get(1).message()).contains("accepted as normal after 60 min");
  }

  @Test
  void slowDrift_raisesDrift_notLevelShift() {
    IntToDoubleFunction base = noisy(20, 0.5, 3);
    // after 3000 readings, +1 sigma every 400 readings (0.00125 per reading)
    List<Alert> alerts =
        run(5000, 1000, i -> base.applyAsDouble(i) + (i >= 3000 ? (i - 3000) * 0.00125 : 0));

    assertThat(alerts).extracting(Alert::kind).containsOnly(AlertKind.DRIFT);
    assertThat(alerts.get(0).state()).isEqualTo(AlertState.RAISED);
    assertThat(alerts.get(0).message()).startsWith("drifted up");
  }

  @Test
  void stuckSensor_raisedAfterAnImprobableRun_clearedByTheNextChange() {
    IntToDoubleFunction base = noisy(20, 0.5, 4);
    List<Alert> alerts =
        run(400, 1000, i -> i >= 200 && i < 300 ? base.applyAsDouble(200) : base.applyAsDouble(i));

    assertThat(alerts)
        .extracting(Alert::kind, Alert::state, Alert::eventTimeMs)
        .containsExactly(
            tuple(AlertKind.STUCK, AlertState.RAISED, T0 + 210_000),
            tuple(AlertKind.STUCK, AlertState.CLEARED, T0 + 300_000));
    assertThat(alerts.get(0).message()).contains("stuck at").contains("for 10 readings");
  }

  @Test
  void rarelyChangingSeries_isNeverStuck() {
    assertThat(run(5000, 1000, i -> i % 100 == 0 ? 1 : 0)).isEmpty();
    assertThat(run(5000, 1000, i -> 7.0)).isEmpty();
  }

  @Test
  void seasonalSwing_dailyCycleEveryMinuteForAWeek_doesNotAlert() {
    Random random = new Random(5);
    double[] values = new double[7 * 1440];
    for (int i = 0; i < values.length; i++) {
      values[i] = 18 + 6 * Math.sin(2 * Math.PI * i / 1440) + 0.3 * random.nextGaussian();
    }
    assertThat(run(values.length, 60_000, i -> values[i])).isEmpty();
  }

  @Test
  void periodicSwings_ofAnyPeriod_doNotAlert() {
    // up to the drift reference's warm-up (2000 readings); slower swings may read as drift at first
    for (int period : new int[] {12, 60, 120, 300, 600, 1440}) {
      Random random = new Random(period);
      double[] values = new double[20_000];
      for (int i = 0; i < values.length; i++) {
        values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / period) + 0.2 * random.nextGaussian();
      }
      assertThat(run(values.length, 1000, i -> values[i])).as("period %d", period).isEmpty();
    }
  }

  @Test
  void anyScaleAndSamplingInterval_sameAlerts() {
    IntToDoubleFunction base = noisy(20, 0.5, 6);
    IntToDoubleFunction shifted = i -> base.applyAsDouble(i) + (i >= 300 && i < 400 ? 1.5 : 0);

    List<Alert> reference = run(600, 1000, shifted);
    List<Alert> fahrenheitEvery5Min = run(600, 300_000, i -> shifted.applyAsDouble(i) * 1.8 + 32);

    assertThat(reference).isNotEmpty();
    assertThat(fahrenheitEvery5Min)
        .extracting(Alert::kind, Alert::state)
        .isEqualTo(reference.stream().map(a -> tuple(a.kind(), a.state())).toList());
  }

  @Test
  void gap_raisesMissingData_onTick_andTheNextReadingClearsIt() {
    Detectors detectors = new Detectors(DetectionSettings.defaults());
    List<Alert> alerts = new ArrayList<>();
    IntToDoubleFunction value = noisy(20, 0.5, 7);
    for (int i = 0; i < 100; i++) {
      long t = T0 + i * 1000L;
      detectors.observe(new Reading("d", 1, i, "temp", value.applyAsDouble(i), t), t, alerts::add);
      detectors.observe(new Reading("d", 1, i, "hum", value.applyAsDouble(i), t), t, alerts::add);
      detectors.tick(t, alerts::add);
    }
    // hum goes quiet, temp keeps reporting
    for (int i = 100; i < 200; i++) {
      long t = T0 + i * 1000L;
      detectors.observe(new Reading("d", 1, i, "temp", value.applyAsDouble(i), t), t, alerts::add);
      detectors.tick(t, alerts::add);
    }
    long back = T0 + 200_000;
    detectors.observe(new Reading("d", 1, 200, "hum", 20.1, back), back, alerts::add);

    assertThat(alerts)
        .extracting(Alert::kind, Alert::metric, Alert::state, Alert::detectedAtMs)
        .containsExactly(
            tuple(AlertKind.OFFLINE, "hum", AlertState.RAISED, T0 + 130_000),
            tuple(AlertKind.OFFLINE, "hum", AlertState.CLEARED, back));
    assertThat(alerts.get(0).message()).isEqualTo("no readings of hum for 31s (usually every 1s)");
    assertThat(alerts.get(0).eventTimeMs()).isEqualTo(T0 + 99_000);
  }

  @Test
  void silentDevice_raisesOneDeviceOfflineAlert() {
    Detectors detectors = new Detectors(DetectionSettings.defaults());
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long t = T0 + i * 10_000L;
      detectors.observe(new Reading("d", 1, i, "temp", 20 + i % 3, t), t, alerts::add);
      detectors.observe(new Reading("d", 1, i, "hum", 40 + i % 5, t), t, alerts::add);
      detectors.tick(t, alerts::add);
    }
    for (long t = T0 + 1_000_000; t < T0 + 1_100_000; t += 1000) {
      detectors.tick(t, alerts::add);
    }

    assertThat(alerts)
        .extracting(Alert::kind, Alert::metric, Alert::state)
        .containsExactly(tuple(AlertKind.OFFLINE, Detectors.DEVICE_METRIC, AlertState.RAISED));
    assertThat(alerts.get(0).message())
        .isEqualTo("device offline: no readings of any of its 2 metrics for 51s");
  }

  @Test
  void announcedOffline_raisesAtOnce_onceOnly_andTheNextReadingClearsIt() {
    Detectors detectors = new Detectors(DetectionSettings.defaults());
    List<Alert> alerts = new ArrayList<>();
    detectors.deviceOffline("d", T0, alerts::add); // never seen: nothing to say
    for (int i = 0; i < 100; i++) {
      long t = T0 + i * 1000L;
      detectors.observe(new Reading("d", 1, i, "temp", 20 + i % 3, t), t, alerts::add);
    }
    long will = T0 + 101_000;
    detectors.deviceOffline("d", will, alerts::add);
    detectors.deviceOffline("d", will + 1000, alerts::add);
    for (long t = will; t < will + 120_000; t += 1000) {
      detectors.tick(t, alerts::add);
    }
    long back = will + 120_000;
    detectors.observe(new Reading("d", 1, 100, "temp", 21, back), back, alerts::add);

    assertThat(alerts)
        .extracting(Alert::kind, Alert::metric, Alert::state, Alert::detectedAtMs)
        .containsExactly(
            tuple(AlertKind.OFFLINE, Detectors.DEVICE_METRIC, AlertState.RAISED, will),
            tuple(AlertKind.OFFLINE, Detectors.DEVICE_METRIC, AlertState.CLEARED, back));
    assertThat(alerts.get(0).message())
        .isEqualTo(
            "device offline: its agent said so (MQTT will or shutdown); last reading 2s ago");
  }

  @Test
  void gatewayPause_isNotTheDevicesSilence() {
    Detectors detectors = new Detectors(DetectionSettings.defaults());
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long t = T0 + i * 1000L;
      detectors.observe(new Reading("d", 1, i, "temp", 20 + i % 3, t), t, alerts::add);
      detectors.tick(t, alerts::add);
    }
    long restarted = T0 + 600_000; // the gateway was down for 8 minutes
    detectors.tick(restarted, alerts::add);
    detectors.observe(new Reading("d", 1, 100, "temp", 21, restarted), restarted + 5, alerts::add);

    assertThat(alerts).isEmpty();
  }

  @Test
  void thresholdRule_raisesWithItsSeverity_andOffSwitchesADetectorOff() {
    DetectionSettings settings =
        DetectionSettings.defaults()
            .withRules(
                List.of(
                    DetectionRule.parse("d/m max=30 severity=critical"),
                    DetectionRule.parse("*/* off=LEVEL_SHIFT")));
    IntToDoubleFunction base = noisy(20, 0.5, 8);
    List<Alert> alerts =
        run(new Detectors(settings), 600, 1000, i -> base.applyAsDouble(i) + (i >= 300 ? 12 : 0));

    assertThat(alerts)
        .extracting(Alert::kind, Alert::state, Alert::severity)
        .containsExactly(
            tuple(AlertKind.THRESHOLD, AlertState.RAISED, Severity.CRITICAL),
            tuple(AlertKind.SPIKE, AlertState.RAISED, Severity.CRITICAL),
            tuple(AlertKind.SPIKE, AlertState.CLEARED, Severity.CRITICAL));
    assertThat(alerts.get(0).message()).startsWith("value 3").endsWith(" is above max 30.0");
  }

  @Test
  void rateRule_raisesOnAFastRamp_andClearsWhenItLevelsOff() {
    DetectionSettings settings =
        DetectionSettings.defaults().withRules(List.of(DetectionRule.parse("d/m max-rate=2/min")));
    IntToDoubleFunction base = noisy(20, 0.05, 11);
    // every 10 s; from reading 200 on, +1 per reading (6 per minute) for 30 readings, then level
    IntToDoubleFunction ramp = i -> base.applyAsDouble(i) + Math.max(0, Math.min(30, i - 199));

    List<Alert> rate =
        run(new Detectors(settings), 400, 10_000, ramp).stream()
            .filter(a -> a.kind() == AlertKind.RATE)
            .toList();

    assertThat(rate)
        .extracting(Alert::state, Alert::eventTimeMs)
        .containsExactly(
            tuple(AlertState.RAISED, T0 + 202 * 10_000L),
            tuple(AlertState.CLEARED, T0 + 232 * 10_000L));
    assertThat(rate.get(0).message())
        .startsWith("value rising at 0.09")
        .endsWith("readings, above max-rate 0.03333/s");
    assertThat(run(400, 10_000, ramp)).extracting(Alert::kind).doesNotContain(AlertKind.RATE);
  }

  @Test
  void rateRule_ignoresASingleJump() {
    DetectionSettings settings =
        DetectionSettings.defaults().withRules(List.of(DetectionRule.parse("d/m max-rate=2/min")));
    IntToDoubleFunction base = noisy(20, 0.05, 12);

    assertThat(
            run(
                new Detectors(settings),
                400,
                10_000,
                i -> base.applyAsDouble(i) + (i >= 200 ? 30 : 0)))
        .extracting(Alert::kind)
        .isNotEmpty()
        .doesNotContain(AlertKind.RATE);
  }

  @Test
  void sensitivity_halvesTheDeviationsThatRaise() {
    IntToDoubleFunction base = noisy(20, 0.5, 9);
    IntToDoubleFunction small = i -> base.applyAsDouble(i) + (i == 300 ? 2.0 : 0); // 4 sigma

    assertThat(run(400, 1000, small)).isEmpty();
    assertThat(
            run(new Detectors(DetectionSettings.defaults().withSensitivity(2)), 400, 1000, small))
        .extracting(Alert::kind)
        .startsWith(AlertKind.SPIKE);
  }

  @Test
  void writeThenRead_continuesExactlyLikeTheOriginal() throws IOException {
    IntToDoubleFunction base = noisy(20, 0.5, 10);
    IntToDoubleFunction series =
        i -> base.applyAsDouble(i) + (i >= 300 && i < 400 ? 3 : 0) + (i == 500 ? 9 : 0);
    for (int cut : new int[] {1, 50, 305, 350, 501}) {
      Detectors original = new Detectors(DetectionSettings.defaults());
      run(original, cut, 1000, series);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      original.write(new DataOutputStream(bytes));
      Detectors restored =
          Detectors.read(
              DetectionSettings.defaults(),
              new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

      List<Alert> expected = new ArrayList<>();
      List<Alert> actual = new ArrayList<>();
      for (int i = cut; i < 700; i++) {
        long t = T0 + i * 1000L;
        Reading reading = new Reading("d", 1, i, "m", series.applyAsDouble(i), t);
        original.observe(reading, t, expected::add);
        restored.observe(reading, t, actual::add);
        original.tick(t, expected::add);
        restored.tick(t, actual::add);
      }
      assertThat(actual).as("cut at %d", cut).isEqualTo(expected);
    }
  }
}
