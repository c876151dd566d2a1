package io.tern.bench.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketches;
import io.tern.bench.rollup.SyntheticFleet.AgentBatch;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.pipeline.DropReason;
import io.tern.gateway.core.pipeline.Pipeline;
import io.tern.gateway.core.pipeline.PipelineOutput;
import io.tern.gateway.core.pipeline.PipelineSettings;
import io.tern.gateway.core.rollup.RollupSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both sides of the rollup benchmark compute the same rollups from the same readings. */
class RollupParityTest {
  private static final Comparator<Rollup> BY_WINDOW =
      Comparator.comparing(Rollup::deviceId)
          .thenComparing(Rollup::metric)
          .thenComparingLong(Rollup::windowMs)
          .thenComparingLong(Rollup::windowStartMs);

  @TempDir Path stateDir;

  @Test
  void sameRollups_gatewayPipelineAndKafkaStreams() {
    RollupSettings rollup =
        RollupSettings.defaults().withSizes(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)));
    PipelineSettings settings =
        new PipelineSettings(
            PipelineSettings.defaults().dedupe(), rollup, PipelineSettings.defaults().detection());
    List<AgentBatch> batches = new SyntheticFleet(7, 3, 1, 1_700_000_000_000L, 42).next(185);

    List<Rollup> ours = new ArrayList<>();
    Pipeline pipeline = new Pipeline(settings, new Collecting(ours));
    for (AgentBatch batch : batches) {
      pipeline.accept(batch.readings(), batch.receivedAtMs());
      pipeline.tick(batch.receivedAtMs());
    }

    List<Rollup> theirs = new ArrayList<>();
    try (StreamsRollup streams = new StreamsRollup(rollup, stateDir, theirs::add)) {
      for (AgentBatch batch : batches) {
        batch.readings().forEach(r -> streams.pipe(StreamsRollup.encode(r)));
      }
      assertThat(streams.droppedRecords()).isZero();
    }

    ours.sort(BY_WINDOW);
    theirs.sort(BY_WINDOW);
    // Readings at t0 .. t0 + 184 s (t0 a whole 20 s past a minute), grace 2 s: 18 windows of 10 s
    // and 3 of 1 min (the first partial) closed, for each of 7 devices x 3 metrics.
    assertThat(theirs).hasSize(7 * 3 * (18 + 3));
    assertThat(theirs.get(0).quantiles()).hasSize(3);
    assertThat(theirs).containsExactlyElementsOf(ours);
  }

  @Test
  void sameSketchMappingAsGateway() {
    double accuracy = RollupSettings.defaults().relativeAccuracy();
    assertThat(WindowAggregate.SketchShape.of(accuracy).mapping())
        .isEqualTo(
            DDSketches.collapsingLowestDense(accuracy, WindowAggregate.MAX_SKETCH_BINS)
                .getIndexMapping());
  }

  @Test
  void fleet_seqsIncreaseByOnePerReadingOfADevice() {
    List<AgentBatch> batches = new SyntheticFleet(3, 2, 2, 0, 1).next(6);
    assertThat(batches).hasSize(3 * 3);
    List<Reading> device0 =
        batches.stream()
            .flatMap(b -> b.readings().stream())
            .filter(r -> r.deviceId().equals("dev-00000"))
            .toList();
    assertThat(device0)
        .extracting(Reading::seq)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(device0).extracting(Reading::eventTimeMs).startsWith(0L, 0L, 1000L, 1000L);
  }

  /** Collects rollups; fails on anything the pipeline would drop (the input has no faults). */
  private record Collecting(List<Rollup> rollups) implements PipelineOutput {
    @Override
    public void rollup(Rollup rollup) {
      rollups.add(rollup);
    }

    @Override
    public void alert(Alert alert) {}

    @Override
    public void lateReading(Reading reading) {
      throw new AssertionError("late: " + reading);
    }

    @Override
    public void dropped(Reading reading, DropReason reason) {
      throw new AssertionError(reason + ": " + reading);
    }

    @Override
    public void dedupeStreamEvicted(String deviceId, long streamEpoch) {
      throw new AssertionError("evicted " + deviceId);
    }
  }
}
