package io.tern.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.sim.check.AlertsCheck.AlertKindResult;
import io.tern.sim.check.AlertsCheck.KindResult;
import io.tern.sim.generated.GeneratedCount;
import io.tern.sim.signal.AnomalyKind;
import io.tern.sim.signal.AnomalyLabel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertsCheckTest {

  private static final Set<String> SERIES = Set.of("d/temp", "d/hum");
  private static final CheckSettings TOLERANCE_1S =
      new CheckSettings(Map.of(), Duration.ofSeconds(1));

  private static ObservedAlert raised(String metric, String kind, long eventMs, long detectedMs) {
    return new ObservedAlert(
        "d/" + metric + "/" + kind + "/" + eventMs,
        "d",
        metric,
        kind,
        "RAISED",
        eventMs,
        detectedMs);
  }

  private static KindResult kind(AlertsCheck.Result result, AnomalyKind kind) {
    return result.kinds().stream().filter(k -> k.kind() == kind).findFirst().orElseThrow();
  }

  @Test
  void alertWithinLabelPlusTolerance_matches_laterOrOtherMetricDoesNot() {
    List<AnomalyLabel> labels =
        List.of(
            new AnomalyLabel("d", "temp", AnomalyKind.SPIKE, 10_000, 10_000),
            new AnomalyLabel("d", "temp", AnomalyKind.SPIKE, 20_000, 20_000),
            new AnomalyLabel("d", "hum", AnomalyKind.LEVEL_SHIFT, 30_000, 33_000));
    List<ObservedAlert> alerts =
        List.of(
            raised("temp", "SPIKE", 10_000, 10_250), // matches label 1, delay 250
            raised("temp", "SPIKE", 21_001, 21_100), // 1 ms beyond label 2 + tolerance
            raised("hum", "LEVEL_SHIFT", 33_900, 34_400), // matches label 3, delay 4400
            raised("temp", "LEVEL_SHIFT", 31_000, 31_100)); // right time, wrong metric

    AlertsCheck.Result result = AlertsCheck.score(labels, alerts, SERIES, 0, 40_000, TOLERANCE_1S);

    KindResult spike = kind(result, AnomalyKind.SPIKE);
    assertThat(spike.labels()).isEqualTo(2);
    assertThat(spike.detected()).isEqualTo(1);
    assertThat(spike.recall().getAsDouble()).isEqualTo(0.5);
    assertThat(spike.medianDelayMs().getAsDouble()).isEqualTo(250);
    assertThat(kind(result, AnomalyKind.LEVEL_SHIFT).maxDelayMs().getAsDouble()).isEqualTo(4_400);
    assertThat(result.alertKinds())
        .containsExactly(
            new AlertKindResult("LEVEL_SHIFT", 2, 1), new AlertKindResult("SPIKE", 2, 1));
    assertThat(result.raised()).isEqualTo(4);
    assertThat(result.matching()).isEqualTo(2);
  }

  @Test
  void clearedAndRepeatedAlerts_countOnce_outsideTheRunNotAtAll() {
    List<AnomalyLabel> labels =
        List.of(new AnomalyLabel("d", "temp", AnomalyKind.STUCK, 5_000, 7_000));
    ObservedAlert stuck = raised("temp", "STUCK", 6_500, 6_600);
    ObservedAlert cleared =
        new ObservedAlert(stuck.id(), "d", "temp", "STUCK", "CLEARED", 8_000, 8_100);
    ObservedAlert offline = raised("_device", "OFFLINE", 9_000, 9_000);
    ObservedAlert afterRun = raised("temp", "SPIKE", 99_000, 99_000);

    AlertsCheck.Result result =
        AlertsCheck.score(
            labels,
            List.of(stuck, stuck, cleared, offline, afterRun),
            SERIES,
            0,
            10_000,
            TOLERANCE_1S);

    assertThat(kind(result, AnomalyKind.STUCK).detected()).isEqualTo(1);
    assertThat(result.alertKinds()).containsExactly(new AlertKindResult("STUCK", 1, 1));
  }

  @Test
  void recallBelowTheScenariosThreshold_fails_kindsWithoutThresholdNever() {
    List<GeneratedCount> generated = List.of(new GeneratedCount("d", "temp", 0, 1_000, 10));
    List<AnomalyLabel> labels =
        List.of(
            new AnomalyLabel("d", "temp", AnomalyKind.SPIKE, 100, 100),
            new AnomalyLabel("d", "temp", AnomalyKind.DROPOUT, 200, 300));
    PipelineOutputs outputs =
        new PipelineOutputs(List.of(new ObservedRollup("d", "temp", 0, 1_000, 10, 0)), List.of());

    CheckReport strict =
        Checker.check(
            generated,
            labels,
            outputs,
            new CheckSettings(Map.of(AnomalyKind.SPIKE, 0.5), Duration.ofSeconds(1)),
            OptionalLong.empty());
    CheckReport lenient =
        Checker.check(generated, labels, outputs, CheckSettings.defaults(), OptionalLong.empty());

    assertThat(strict.failures()).containsExactly("recall of spike 0.00 < min-recall 0.50");
    assertThat(strict.render()).contains("FAIL: recall of spike 0.00 < min-recall 0.50");
    assertThat(lenient.passed()).isTrue();
    assertThat(lenient.render()).endsWith("PASS\n").contains("dropout");
  }
}
