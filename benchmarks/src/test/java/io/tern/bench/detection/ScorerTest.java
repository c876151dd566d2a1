package io.tern.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {
  private static final double EPS = 1e-9;

  /** Device "d": rows at 0, 1, ..., 9 s; rows 3, 4, 5 anomalous: one segment [3000, 5001). */
  private static GroundTruth deviceTruth() {
    BitSet labels = new BitSet();
    labels.set(3, 6);
    long[] times = new long[10];
    for (int i = 0; i < times.length; i++) {
      times[i] = i * 1000L;
    }
    return new GroundTruth(
        "t",
        GroundTruth.Scope.DEVICE,
        List.of(new LabelledRows("d", "", times, labels)),
        List.of(new Segment("d", "", "valve", 3000, 5001)));
  }

  @Test
  void deviceScope_pointAndEventCountsByHand() {
    List<Episode> episodes =
        List.of(
            new Episode("d", "a", "SPIKE", 4000, 7000), // rows 4, 5, 6
            new Episode("d", "b", "SPIKE", 8000, 9000)); // row 8, on another metric

    DetectorScore s = Scorer.score(deviceTruth(), episodes, 0);

    // predicted rows 4, 5, 6, 8; labelled 3, 4, 5
    assertThat(s.point()).isEqualTo(new DetectorScore.Point(2, 2, 1, 5));
    assertThat(s.point().precision()).isEqualTo(0.5);
    assertThat(s.point().recall()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(s.point().f1()).isCloseTo(4.0 / 7, within(EPS));
    assertThat(s.point().falseAlarmRate()).isCloseTo(2.0 / 7, within(EPS));
    assertThat(s.point().missedAlarmRate()).isCloseTo(1.0 / 3, within(EPS));
    // the first episode detects the segment 1 s after it starts; the second matches nothing
    DetectorScore.Event e = s.event();
    assertThat(e.segments()).isEqualTo(1);
    assertThat(e.detected()).isEqualTo(1);
    assertThat(e.falseAlarms()).isEqualTo(1);
    assertThat(e.delaysMs()).containsExactly(1000L);
    assertThat(e.precision()).isEqualTo(0.5);
    assertThat(e.recall()).isEqualTo(1.0);
    assertThat(e.f1()).isCloseTo(2.0 / 3, within(EPS));
    // 9 s of data: 1 false alarm in 9/86400 days
    assertThat(e.falseAlarmsPerDay()).isCloseTo(9600.0, within(1e-6));
  }

  @Test
  void tolerance_letsAnAlertSoonAfterTheSegmentDetectIt() {
    List<Episode> episodes = List.of(new Episode("d", "b", "SPIKE", 8000, 9000));

    DetectorScore strict = Scorer.score(deviceTruth(), episodes, 0);
    DetectorScore tolerant = Scorer.score(deviceTruth(), episodes, 3000);

    assertThat(strict.event().detected()).isZero();
    assertThat(strict.event().falseAlarms()).isOne();
    assertThat(tolerant.event().detected()).isOne();
    assertThat(tolerant.event().falseAlarms()).isZero();
    assertThat(tolerant.event().delaysMs()).containsExactly(5000L);
    // point-wise is not affected by the tolerance
    assertThat(tolerant.point()).isEqualTo(strict.point());
  }

  @Test
  void alertsOnlyOutsideLabels_giveF1Zero() {
    List<Episode> episodes = List.of(new Episode("d", "a", "SPIKE", 0, 2000)); // rows 0, 1

    DetectorScore s = Scorer.score(deviceTruth(), episodes, 0);

    assertThat(s.point()).isEqualTo(new DetectorScore.Point(0, 2, 3, 5));
    assertThat(s.point().precision()).isZero();
    assertThat(s.point().recall()).isZero();
    assertThat(s.point().f1()).isZero();
    assertThat(s.event().precision()).isZero();
    assertThat(s.event().recall()).isZero();
    assertThat(s.event().f1()).isZero();
    assertThat(s.event().medianDelayMs()).isNaN();
  }

  @Test
  void never_hasNoPrecisionAndZeroRecallAndF1() {
    DetectorScore s = Scorer.score(deviceTruth(), List.of(), 60_000);

    assertThat(s.point()).isEqualTo(new DetectorScore.Point(0, 0, 3, 7));
    assertThat(s.point().precision()).isNaN();
    assertThat(s.point().recall()).isZero();
    assertThat(s.point().f1()).isZero();
    assertThat(s.point().falseAlarmRate()).isZero();
    assertThat(s.point().missedAlarmRate()).isEqualTo(1.0);
    assertThat(s.event().precision()).isNaN();
    assertThat(s.event().recall()).isZero();
    assertThat(s.event().f1()).isZero();
    assertThat(s.event().falseAlarmsPerDay()).isZero();
    assertThat(s.event().p90DelayMs()).isNaN();
  }

  @Test
  void anEpisodeRaisedBeforeTheSegment_isAFalseAlarmAndDoesNotDetectIt() {
    List<Episode> episodes = List.of(Episode.open("d", "a", "LEVEL_SHIFT", 2000));

    DetectorScore s = Scorer.score(deviceTruth(), episodes, 60_000);

    assertThat(s.point()).isEqualTo(new DetectorScore.Point(3, 5, 0, 2)); // rows 2..9 predicted
    assertThat(s.event().detected()).isZero();
    assertThat(s.event().falseAlarms()).isOne();
  }

  @Test
  void aRowIsPredictedFromTheRaiseUpToButNotIncludingTheClear() {
    List<Episode> episodes = List.of(new Episode("d", "a", "SPIKE", 4000, 5000));

    DetectorScore s = Scorer.score(deviceTruth(), episodes, 0);

    assertThat(s.point()).isEqualTo(new DetectorScore.Point(1, 0, 2, 7)); // row 4 only
  }

  @Test
  void episodesAfterTheDevicesLastRow_areIgnored() {
    List<Episode> episodes =
        List.of(Episode.open("d", "a", "OFFLINE", 9001), Episode.open("other", "a", "SPIKE", 0));

    DetectorScore s = Scorer.score(deviceTruth(), episodes, 0);

    assertThat(s.ignoredEpisodes()).isEqualTo(2);
    assertThat(s.event().falseAlarms()).isZero();
    assertThat(s.point().falsePositives()).isZero();
  }

  @Test
  void seriesScope_onlyAnAlertOnTheLabelledMetricCounts_andKindsAreScoredApart() {
    long[] times = {0, 1000, 2000, 3000};
    BitSet aLabels = new BitSet();
    aLabels.set(1);
    BitSet bLabels = new BitSet();
    bLabels.set(3);
    GroundTruth truth =
        new GroundTruth(
            "sim",
            GroundTruth.Scope.SERIES,
            List.of(
                new LabelledRows("d", "a", times, aLabels),
                new LabelledRows("d", "b", times, bLabels)),
            List.of(
                new Segment("d", "a", "spike", 1000, 1001),
                new Segment("d", "b", "dip", 3000, 3001)));
    List<Episode> episodes =
        List.of(
            new Episode("d", "b", "SPIKE", 1000, 2000), // wrong metric for the spike: false alarm
            new Episode("d", "b", "SPIKE", 3000, Episode.OPEN)); // the dip, at once

    DetectorScore s = Scorer.score(truth, episodes, 0);

    assertThat(s.point()).isEqualTo(new DetectorScore.Point(1, 1, 1, 5));
    assertThat(s.event().detected()).isOne();
    assertThat(s.event().falseAlarms()).isOne();
    assertThat(s.byKind()).containsOnlyKeys("spike", "dip");
    assertThat(s.byKind().get("spike").recall()).isZero();
    assertThat(s.byKind().get("dip").recall()).isEqualTo(1.0);
    assertThat(s.byKind().get("dip").medianDelayMs()).isZero();
  }

  @Test
  void quantiles_areNearestRank() {
    List<Long> delays = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

    assertThat(Scorer.quantile(delays, 0.5)).isEqualTo(5.0);
    assertThat(Scorer.quantile(delays, 0.9)).isEqualTo(9.0);
    assertThat(Scorer.quantile(List.of(7L), 0.9)).isEqualTo(7.0);
    assertThat(Scorer.quantile(List.of(), 0.5)).isNaN();
  }
}
