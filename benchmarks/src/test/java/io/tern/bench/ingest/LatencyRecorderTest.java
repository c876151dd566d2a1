package io.tern.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void percentilesInMillisecondsFromNanos() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int ms = 1; ms <= 1000; ms++) {
      recorder.record(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    Percentiles p = Percentiles.of(recorder.interval());

    assertThat(p.count()).isEqualTo(1000);
    assertThat(p.p50Ms()).isCloseTo(500, within(1.0));
    assertThat(p.p90Ms()).isCloseTo(900, within(1.0));
    assertThat(p.p99Ms()).isCloseTo(990, within(1.0));
    assertThat(p.p999Ms()).isCloseTo(999, within(1.0));
    assertThat(p.maxMs()).isCloseTo(1000, within(1.0));
  }

  @Test
  void intervalsResetAndAddUp() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.record(5_000_000);
    recorder.interval(); // warm-up, dropped
    Histogram kept = LatencyRecorder.emptyHistogram();
    recorder.record(1_000_000);
    kept.add(recorder.interval());
    recorder.record(3_000_000);
    kept.add(recorder.interval());

    Percentiles p = Percentiles.of(kept);

    assertThat(p.count()).isEqualTo(2);
    assertThat(p.maxMs()).isCloseTo(3, within(0.01));
  }

  @Test
  void outOfRangeValuesAreClampedNotLost() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.record(-5);
    recorder.record(TimeUnit.HOURS.toNanos(1));

    Histogram h = recorder.interval();

    assertThat(h.getTotalCount()).isEqualTo(2);
    assertThat(h.getMinValue()).isZero();
    assertThat(h.getMaxValue())
        .isCloseTo(LatencyRecorder.HIGHEST_NANOS, within(LatencyRecorder.HIGHEST_NANOS / 500));
  }

  @Test
  void emptyFormatsAsNotAvailable() {
    assertThat(Percentiles.of(LatencyRecorder.emptyHistogram()).format()).isEqualTo("n/a");
    assertThat(new Percentiles(3, 1.234, 2, 15.6, 20, 30).format())
        .isEqualTo("1.23 / 2.00 / 16 / 20 / 30");
  }
}
