package io.tern.gateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.tern.gateway.core.dedupe.DedupeSettings;
import io.tern.gateway.core.detect.DetectionSettings;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.GapReason;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.RollupSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long NOW_MS = 99;
  static final PipelineSettings TEN_SECONDS =
      new PipelineSettings(
          DedupeSettings.defaults(),
          RollupSettings.defaults().withSizes(List.of(Duration.ofSeconds(10))),
          DetectionSettings.defaults());

  /** Records outputs in order, as strings for drops, to compare runs. */
  static final class Recorder implements PipelineOutput {
    final List<Object> outputs = new ArrayList<>();

    @Override
    public void rollup(Rollup rollup) {
      outputs.add(rollup);
    }

    @Override
    public void alert(Alert alert) {
      outputs.add(alert);
    }

    @Override
    public void lateReading(Reading reading) {
      outputs.add("late " + reading);
    }

    @Override
    public void dropped(Reading reading, DropReason reason) {
      outputs.add(reason + " " + reading);
    }

    @Override
    public void dedupeStreamEvicted(String deviceId, long streamEpoch) {
      outputs.add("evicted " + deviceId + "/" + streamEpoch);
    }

    @Override
    public void gap(DataGap gap) {
      outputs.add(gap);
    }

    List<Rollup> rollups() {
      return outputs.stream().filter(Rollup.class::isInstance).map(Rollup.class::cast).toList();
    }
  }

  private static List<Reading> input() {
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      double value = i == 45 ? 500.0 : 10.0 + (i % 3) * 0.1;
      readings.add(new Reading("d", 7, i, "temp", value, T0 + i * 500L));
      readings.add(new Reading("d", 7, 1000 + i, "hum", 40.0 + (i % 2), T0 + i * 500L));
    }
    readings.add(new Reading("d", 7, 5000, "temp", 10.1, T0)); // its window was emitted
    return readings;
  }

  private static List<Object> run(List<Reading> readings) {
    Recorder recorder = new Recorder();
    Pipeline pipeline = new Pipeline(TEN_SECONDS, recorder);
    readings.forEach(r -> pipeline.accept(r, NOW_MS));
    return recorder.outputs;
  }

  @Test
  void emitsRollupsAlertsAndRevisions() {
    List<Object> outputs = run(input());

    // Watermark T0 + 39.5 s: windows [0,10), [10,20), [20,30) are closed, for 2 metrics each,
    // then the late reading corrects temp [0,10).
    List<Rollup> rollups =
        outputs.stream().filter(Rollup.class::isInstance).map(Rollup.class::cast).toList();
    assertThat(rollups).hasSize(7);
    assertThat(rollups.subList(0, 6)).extracting(Rollup::count).containsOnly(20L);
    assertThat(rollups.get(0).quantiles()).hasSize(3);
    List<Alert> alerts =
        outputs.stream().filter(Alert.class::isInstance).map(Alert.class::cast).toList();
    assertThat(alerts)
        .extracting(Alert::state, Alert::metric)
        .containsExactly(tuple(AlertState.RAISED, "temp"), tuple(AlertState.CLEARED, "temp"));
    assertThat(alerts.get(0).detectedAtMs()).isEqualTo(99);
    assertThat(outputs.get(outputs.size() - 2)).asString().startsWith("late Reading[deviceId=d");
    Rollup revised = (Rollup) outputs.get(outputs.size() - 1);
    assertThat(revised.id()).isEqualTo("d/temp/" + T0 + "/10000");
    assertThat(revised.revision()).isEqualTo(1);
    assertThat(revised.count()).isEqualTo(21);
  }

  @Test
  void reportedGaps_areEmittedOnce_andTheirSeqsCountAsSeen() {
    Recorder recorder = new Recorder();
    Pipeline pipeline = new Pipeline(TEN_SECONDS, recorder);
    DataGap gap = new DataGap("d", 7, 5, 9, GapReason.BUDGET_AGE, NOW_MS);
    pipeline.accept(new Reading("d", 7, 4, "temp", 1.0, T0), NOW_MS);

    pipeline.gaps(List.of(gap));
    pipeline.gaps(List.of(gap, new DataGap("d", 7, 6, 8, GapReason.BUDGET_AGE, NOW_MS + 1)));
    pipeline.accept(new Reading("d", 7, 7, "temp", 1.0, T0 + 1), NOW_MS);
    pipeline.gaps(List.of(new DataGap("d", 7, 9, 12, GapReason.DISK_ERROR, NOW_MS + 2)));

    assertThat(recorder.outputs)
        .containsExactly(
            gap,
            DropReason.DUPLICATE + " " + new Reading("d", 7, 7, "temp", 1.0, T0 + 1),
            new DataGap("d", 7, 9, 12, GapReason.DISK_ERROR, NOW_MS + 2));
    assertThat(gap.id()).isEqualTo("d/0000000000000007/5-9");
    assertThat(gap.readings()).isEqualTo(5);
  }

  @Test
  void duplicates_areDroppedBeforeWindowsAndDetectors_andCounted() {
    List<Reading> once = input();
    List<Reading> twice = new ArrayList<>();
    for (Reading r : once) {
      twice.add(r);
      twice.add(r); // QoS 1 redelivery
    }

    List<Object> outputs = run(twice);

    assertThat(outputs.stream().filter(o -> !o.toString().startsWith("DUPLICATE")).toList())
        .isEqualTo(run(once));
    assertThat(outputs.stream().filter(o -> o.toString().startsWith("DUPLICATE ")))
        .hasSize(once.size());
  }

  @Test
  void seqFarBelowTheOthers_isFresh_onlyAHoleMergedAwayIsBeyondTheDedupeWindow() {
    Recorder recorder = new Recorder();
    PipelineSettings twoRanges =
        new PipelineSettings(
            new DedupeSettings(2, 4), TEN_SECONDS.rollup(), TEN_SECONDS.detection());
    Pipeline pipeline = new Pipeline(twoRanges, recorder);

    // live seq 1,000,000 first, then backlog seqs far below it: fresh, nothing dropped
    pipeline.accept(new Reading("d", 7, 1_000_000, "t", 1.0, T0), NOW_MS);
    pipeline.accept(new Reading("d", 7, 10, "t", 1.0, T0), NOW_MS);
    assertThat(recorder.outputs).isEmpty();
    // a third range: [10] and [5000] merge, 11..4999 are from then on unknown
    pipeline.accept(new Reading("d", 7, 5_000, "t", 1.0, T0), NOW_MS);
    pipeline.accept(new Reading("d", 7, 100, "t", 1.0, T0), NOW_MS);
    pipeline.accept(new Reading("d", 7, 10, "t", 1.0, T0), NOW_MS);
    pipeline.accept(new Reading("d", 7, 5_001, "t", 1.0, T0), NOW_MS);

    assertThat(recorder.outputs)
        .map(String::valueOf)
        .satisfiesExactly(
            o -> assertThat(o).startsWith("BEYOND_DEDUPE_WINDOW ").contains("seq=100,"),
            o -> assertThat(o).startsWith("DUPLICATE ").contains("seq=10,"));
  }

  @Test
  void tick_closesTheWindowsOfAQuietDevice_onThePipelineClock() {
    AtomicLong now = new AtomicLong(1_000_000);
    Recorder recorder = new Recorder();
    Pipeline pipeline = new Pipeline(TEN_SECONDS, recorder);
    pipeline.accept(
        List.of(
            new Reading("d", 7, 0, "t", 1.0, T0 + 1_000),
            new Reading("d", 7, 1, "t", 3.0, T0 + 2_000)),
        now.get());

    now.addAndGet(11_000);
    pipeline.tick(now.get());
    assertThat(recorder.rollups()).isEmpty();

    now.addAndGet(1_000); // 12 s = window + grace
    pipeline.tick(now.get());
    assertThat(recorder.rollups())
        .extracting(Rollup::windowStartMs, Rollup::count, Rollup::mean, Rollup::revision)
        .containsExactly(tuple(T0, 2L, 2.0, 0));
  }

  @Test
  void lateReadingsOfOneBatch_produceOneRevisionPerWindow() {
    Recorder recorder = new Recorder();
    Pipeline pipeline = new Pipeline(TEN_SECONDS, recorder);
    pipeline.accept(new Reading("d", 7, 0, "t", 1.0, T0), NOW_MS);
    pipeline.accept(new Reading("d", 7, 1, "t", 1.0, T0 + 20_000), NOW_MS); // emits [0,10)

    pipeline.accept(
        List.of(
            new Reading("d", 7, 2, "t", 2.0, T0 + 1),
            new Reading("d", 7, 3, "t", 3.0, T0 + 2),
            new Reading("d", 7, 4, "t", 4.0, T0 + 3)),
        NOW_MS);

    assertThat(recorder.rollups())
        .extracting(Rollup::revision, Rollup::count, Rollup::sum)
        .containsExactly(tuple(0, 1L, 1.0), tuple(1, 4L, 10.0));
  }

  @Test
  void isDeterministic() {
    assertThat(run(input())).isEqualTo(run(input()));
  }
}
