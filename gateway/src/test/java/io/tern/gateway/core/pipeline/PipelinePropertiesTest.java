package io.tern.gateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.dedupe.DedupeSettings;
import io.tern.gateway.core.detect.DetectionSettings;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.RollupSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of dedupe + windows (jqwik): any interleaving, duplication, reordering and batching of
 * the same readings, with idle closes in between, yields the same final rollups (the latest
 * revision of each window id; revision numbers themselves depend on the order).
 */
class PipelinePropertiesTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String[] DEVICES = {"a", "b"};
  private static final String[] METRICS = {"temp", "hum"};
  private static final PipelineSettings SETTINGS =
      new PipelineSettings(
          DedupeSettings.defaults(),
          new RollupSettings(
              List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1)),
              Duration.ofSeconds(2),
              Optional.empty(),
              Duration.ofHours(24),
              10_000,
              List.of(0.5, 0.9, 0.99),
              0.01),
          DetectionSettings.defaults());

  /** One distinct reading before ids are assigned: event time offset, series, value (k/4). */
  record Sample(long offsetMs, int device, int metric, int quarters) {}

  @Provide
  Arbitrary<List<Sample>> samples() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 200_000),
            Arbitraries.integers().between(0, DEVICES.length - 1),
            Arbitraries.integers().between(0, METRICS.length - 1),
            Arbitraries.integers().between(-400, 400))
        .as(Sample::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(200)
        // distinct event times per series, so "last" has no ties that arrival order would break
        .uniqueElements(s -> s.device() + "/" + s.metric() + "/" + s.offsetMs());
  }

  @Property(tries = 300)
  void anyArrivalOrder_withDuplicatesAndIdleCloses_yieldsTheSameFinalRollups(
      @ForAll("samples") List<Sample> samples, @ForAll Random random) {
    List<Reading> readings = readings(samples, random.nextBoolean());
    Map<String, Rollup> expected = finalRollups(List.of(readings), new Random(0), false);

    List<Reading> arrivals = new ArrayList<>(readings);
    int duplicates = random.nextInt(readings.size() + 1);
    for (int i = 0; i < duplicates; i++) {
      arrivals.add(readings.get(random.nextInt(readings.size())));
    }
    Collections.shuffle(arrivals, random);

    Map<String, Rollup> actual = finalRollups(batches(arrivals, random), random, true);

    assertThat(actual).isEqualTo(expected);
  }

  /** Assigns (deviceId, streamEpoch, seq); with {@code twoEpochs}, a device restarts its seqs. */
  private static List<Reading> readings(List<Sample> samples, boolean twoEpochs) {
    List<Reading> readings = new ArrayList<>();
    long[] nextSeq = new long[DEVICES.length];
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      long epoch = twoEpochs && i % 2 == 0 ? 77 : 42;
      long seq = twoEpochs ? i : nextSeq[s.device()]++;
      readings.add(
          new Reading(
              DEVICES[s.device()],
              epoch,
              seq,
              METRICS[s.metric()],
              s.quarters() / 4.0,
              T0 + s.offsetMs()));
    }
    return readings;
  }

  private static List<List<Reading>> batches(List<Reading> arrivals, Random random) {
    List<List<Reading>> batches = new ArrayList<>();
    int i = 0;
    while (i < arrivals.size()) {
      int size = 1 + random.nextInt(20);
      batches.add(arrivals.subList(i, Math.min(arrivals.size(), i + size)));
      i += size;
    }
    return batches;
  }

  /**
   * Runs the pipeline; between batches, sometimes lets the devices go idle long enough for their
   * open windows to close. At the end every window is closed by idling. Returns the latest revision
   * of each window id, with the revision number zeroed.
   */
  private static Map<String, Rollup> finalRollups(
      List<List<Reading>> batches, Random random, boolean idleInBetween) {
    AtomicLong now = new AtomicLong(1_000_000);
    PipelineTest.Recorder recorder = new PipelineTest.Recorder();
    Pipeline pipeline = new Pipeline(SETTINGS, recorder);
    for (List<Reading> batch : batches) {
      pipeline.accept(batch, now.get());
      if (idleInBetween && random.nextInt(5) == 0) {
        now.addAndGet(Duration.ofSeconds(13).toMillis());
        pipeline.tick(now.get());
      }
    }
    now.addAndGet(Duration.ofHours(2).toMillis());
    pipeline.tick(now.get());

    assertThat(recorder.outputs)
        .noneMatch(o -> o.toString().startsWith("TOO_LATE"))
        .noneMatch(o -> o.toString().startsWith("BEYOND_DEDUPE_WINDOW"));
    Map<String, Rollup> latest = new TreeMap<>();
    for (Rollup r : recorder.rollups()) {
      Rollup previous = latest.get(r.id());
      assertThat(previous == null ? -1 : previous.revision()).isLessThan(r.revision());
      latest.put(r.id(), r);
    }
    latest.replaceAll(
        (id, r) ->
            new Rollup(
                r.deviceId(),
                r.metric(),
                r.windowStartMs(),
                r.windowMs(),
                r.count(),
                r.min(),
                r.max(),
                r.sum(),
                r.mean(),
                r.last(),
                r.quantiles(),
                0));
    return latest;
  }
}
