package io.tern.gateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.dedupe.DedupeSettings;
import io.tern.gateway.core.detect.DetectionSettings;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.RollupSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Recovery property (jqwik): for any sequence of batches and ticks and any cut point, "run to the
 * cut, writeState, readState into a new pipeline, run the rest" emits exactly the outputs the
 * uninterrupted run emits after the cut (rollups with quantiles and revisions, alerts with ids and
 * detectedAtMs, late and dropped readings, dedupe evictions), and ends in the same state.
 *
 * <p>The settings are small so that short inputs reach every kind of state: 1 s / 5 s windows with
 * a short retention (late readings corrected, too-late ones dropped), 2 streams per device with 3
 * in use (evictions), 1 seq range per stream (a seq jump merges ranges: unknown seqs), fast spike
 * warm-up (active episodes), a 1 s minimum silence (offline episodes), and values spanning 60
 * decades (collapsing sketches).
 */
class PipelineSnapshotPropertiesTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String[] DEVICES = {"a", "b", "c"};
  private static final String[] METRICS = {"temp", "hum"};
  static final PipelineSettings SETTINGS =
      new PipelineSettings(
          new DedupeSettings(1, 2),
          new RollupSettings(
              List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)),
              Duration.ofMillis(500),
              Optional.empty(),
              Duration.ofSeconds(20),
              4,
              List.of(0.5, 0.9, 0.99),
              0.01),
          new DetectionSettings(1.5, 5, Duration.ofSeconds(1), List.of()));

  /** How a generated reading relates to the ones before it. */
  enum Kind {
    ON_TIME,
    LATE,
    VERY_LATE,
    SPIKE,
    WIDE_VALUE,
    DUPLICATE,
    SEQ_JUMP
  }

  record ReadingSpec(int device, int epoch, int metric, Kind kind, int number) {}

  sealed interface Step permits Batch, Tick {}

  record Batch(List<ReadingSpec> readings) implements Step {}

  record Tick(long advanceMs) implements Step {}

  /** What the pipeline is given: a batch or a tick, at a gateway time. */
  sealed interface Input permits Accept, TickAt {}

  record Accept(List<Reading> batch, long nowMs) implements Input {}

  record TickAt(long nowMs) implements Input {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Kind> kinds =
        Arbitraries.frequencyOf(
            Tuple.of(20, Arbitraries.just(Kind.ON_TIME)),
            Tuple.of(3, Arbitraries.just(Kind.LATE)),
            Tuple.of(1, Arbitraries.just(Kind.VERY_LATE)),
            Tuple.of(2, Arbitraries.just(Kind.SPIKE)),
            Tuple.of(1, Arbitraries.just(Kind.WIDE_VALUE)),
            Tuple.of(3, Arbitraries.just(Kind.DUPLICATE)),
            Tuple.of(1, Arbitraries.just(Kind.SEQ_JUMP)));
    Arbitrary<ReadingSpec> reading =
        Combinators.combine(
                Arbitraries.integers().between(0, DEVICES.length - 1),
                Arbitraries.frequency(Tuple.of(12, 0), Tuple.of(2, 1), Tuple.of(1, 2)),
                Arbitraries.integers().between(0, METRICS.length - 1),
                kinds,
                Arbitraries.integers().between(0, 1_000))
            .as(ReadingSpec::new);
    Arbitrary<Step> batch = reading.list().ofMinSize(1).ofMaxSize(12).map(Batch::new);
    Arbitrary<Step> tick = Arbitraries.longs().between(0, 12_000).map(Tick::new);
    return Arbitraries.frequencyOf(Tuple.of(5, batch), Tuple.of(1, tick))
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Property(tries = 400)
  void restoreAtAnyCut_emitsExactlyWhatTheUninterruptedRunEmits(
      @ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 0, max = 1000) int cutSeed)
      throws IOException {
    List<Input> inputs = inputs(steps);
    int cut = cutSeed % (inputs.size() + 1);

    PipelineTest.Recorder uninterrupted = new PipelineTest.Recorder();
    Pipeline reference = new Pipeline(SETTINGS, uninterrupted);
    inputs.subList(0, cut).forEach(input -> feed(reference, input));
    int outputsAtCut = uninterrupted.outputs.size();
    inputs.subList(cut, inputs.size()).forEach(input -> feed(reference, input));
    List<Object> expectedAfterCut =
        uninterrupted.outputs.subList(outputsAtCut, uninterrupted.outputs.size());

    // the process that is "killed": runs to the cut and takes a snapshot
    PipelineTest.Recorder beforeCrash = new PipelineTest.Recorder();
    Pipeline crashing = new Pipeline(SETTINGS, beforeCrash);
    inputs.subList(0, cut).forEach(input -> feed(crashing, input));
    byte[] snapshot = state(crashing);
    long openAtCut = crashing.openWindows();

    PipelineTest.Recorder afterRestart = new PipelineTest.Recorder();
    Pipeline restored = restore(snapshot, afterRestart);
    byte[] snapshotOfRestored = state(restored);
    inputs.subList(cut, inputs.size()).forEach(input -> feed(restored, input));

    assertThat(afterRestart.outputs).isEqualTo(expectedAfterCut);
    assertThat(state(restored)).isEqualTo(state(reference));
    // a restore of a restore is the same state, and behaves the same
    assertThat(snapshotOfRestored).isEqualTo(snapshot);
    PipelineTest.Recorder afterSecondRestart = new PipelineTest.Recorder();
    Pipeline restoredTwice = restore(snapshotOfRestored, afterSecondRestart);
    inputs.subList(cut, inputs.size()).forEach(input -> feed(restoredTwice, input));
    assertThat(afterSecondRestart.outputs).isEqualTo(expectedAfterCut);
    // taking a snapshot does not disturb the pipeline it was taken of
    int crashingAtCut = beforeCrash.outputs.size();
    inputs.subList(cut, inputs.size()).forEach(input -> feed(crashing, input));
    assertThat(beforeCrash.outputs.subList(crashingAtCut, beforeCrash.outputs.size()))
        .isEqualTo(expectedAfterCut);

    collectCoverage(uninterrupted.outputs, outputsAtCut, openAtCut);
  }

  /** Makes sure the generated inputs reach the states that are hard to restore. */
  private static void collectCoverage(List<Object> outputs, int atCut, long openAtCut) {
    List<Object> before = outputs.subList(0, atCut);
    List<Object> after = outputs.subList(atCut, outputs.size());
    Set<String> emittedBefore = new HashSet<>();
    Set<String> activeAtCut = new HashSet<>();
    for (Object o : before) {
      if (o instanceof Rollup r) {
        emittedBefore.add(r.id());
      } else if (o instanceof Alert a && a.state() == AlertState.RAISED) {
        activeAtCut.add(a.id());
      } else if (o instanceof Alert a) {
        activeAtCut.remove(a.id());
      }
    }
    boolean revisedAfterCut =
        after.stream()
            .anyMatch(
                o -> o instanceof Rollup r && r.revision() > 0 && emittedBefore.contains(r.id()));
    boolean episodeEndsAfterCut =
        after.stream()
            .anyMatch(
                o ->
                    o instanceof Alert a
                        && a.state() == AlertState.CLEARED
                        && activeAtCut.contains(a.id()));
    boolean evictedAfterCut = after.stream().anyMatch(o -> o.toString().startsWith("evicted "));
    boolean tooLateAfterCut = after.stream().anyMatch(o -> o.toString().startsWith("TOO_LATE "));
    boolean beyondAfterCut =
        after.stream().anyMatch(o -> o.toString().startsWith("BEYOND_DEDUPE_WINDOW "));
    Statistics.label("open windows at the cut").collect(openAtCut > 0);
    Statistics.label("window emitted before the cut, revised after").collect(revisedAfterCut);
    Statistics.label("episode active at the cut").collect(!activeAtCut.isEmpty());
    Statistics.label("episode raised before the cut, cleared after").collect(episodeEndsAfterCut);
    Statistics.label("stream evicted after the cut").collect(evictedAfterCut);
    Statistics.label("too late after the cut").collect(tooLateAfterCut);
    Statistics.label("beyond the dedupe window after the cut").collect(beyondAfterCut);
    for (String label :
        List.of(
            "open windows at the cut",
            "window emitted before the cut, revised after",
            "episode active at the cut",
            "episode raised before the cut, cleared after",
            "stream evicted after the cut",
            "too late after the cut",
            "beyond the dedupe window after the cut")) {
      // an episode clears only after 10 normal readings, rare in short inputs: 1 % suffices
      double minimum = label.startsWith("episode raised") ? 1.0 : 3.0;
      Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p >= minimum));
    }
  }

  /** Turns generated steps into concrete batches (ids, event times, values) and ticks. */
  static List<Input> inputs(List<Step> steps) {
    List<Input> inputs = new ArrayList<>();
    List<Reading> sent = new ArrayList<>();
    long[][] nextSeq = new long[DEVICES.length][3];
    long eventClock = T0;
    long now = 5_000_000;
    for (Step step : steps) {
      if (step instanceof Tick tick) {
        now += tick.advanceMs();
        inputs.add(new TickAt(now));
        continue;
      }
      List<Reading> batch = new ArrayList<>();
      for (ReadingSpec spec : ((Batch) step).readings()) {
        if (spec.kind() == Kind.DUPLICATE && !sent.isEmpty()) {
          batch.add(sent.get(spec.number() % sent.size()));
          continue;
        }
        eventClock += 250;
        if (spec.kind() == Kind.SEQ_JUMP) {
          nextSeq[spec.device()][spec.epoch()] += 100; // earlier seqs fall beyond the window
        }
        long eventTime =
            switch (spec.kind()) {
              case LATE -> eventClock - 1_000 - spec.number() * 10L;
              case VERY_LATE -> eventClock - 25_000 - spec.number() * 10L;
              default -> eventClock + spec.number() % 300;
            };
        Reading reading =
            new Reading(
                DEVICES[spec.device()],
                100 + spec.epoch(),
                nextSeq[spec.device()][spec.epoch()]++,
                METRICS[spec.metric()],
                value(spec),
                eventTime);
        batch.add(reading);
        sent.add(reading);
      }
      now += 50;
      inputs.add(new Accept(batch, now));
    }
    return inputs;
  }

  private static double value(ReadingSpec spec) {
    return switch (spec.kind()) {
      case SPIKE -> (spec.number() % 2 == 0 ? 1 : -1) * (500.0 + spec.number());
      case WIDE_VALUE ->
          (spec.number() % 2 == 0 ? 1 : -1) * Math.pow(10, spec.number() % 61 - 30) * 1.7;
      default -> 20.0 + (spec.number() % 41 - 20) / 10.0;
    };
  }

  static void feed(Pipeline pipeline, Input input) {
    if (input instanceof Accept accept) {
      pipeline.accept(accept.batch(), accept.nowMs());
    } else {
      pipeline.tick(((TickAt) input).nowMs());
    }
  }

  static byte[] state(Pipeline pipeline) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      pipeline.writeState(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Pipeline restore(byte[] snapshot, PipelineOutput output) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
    Pipeline pipeline = Pipeline.readState(SETTINGS, output, in);
    assertThat(in.available()).as("bytes left after the snapshot").isZero();
    return pipeline;
  }
}
