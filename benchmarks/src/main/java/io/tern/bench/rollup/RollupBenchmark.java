package io.tern.bench.rollup;

import io.tern.bench.rollup.StreamsRollup.EncodedReading;
import io.tern.bench.rollup.SyntheticFleet.AgentBatch;
import io.tern.gateway.core.dedupe.Dedupe;
import io.tern.gateway.core.dedupe.DedupeVerdict;
import io.tern.gateway.core.detect.Detectors;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.pipeline.Pipeline;
import io.tern.gateway.core.pipeline.PipelineSettings;
import io.tern.gateway.core.rollup.RollupWindows;
import io.tern.gateway.core.rollup.WindowOutcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Windowed rollup throughput: the gateway's pure core pipeline against Kafka Streams {@code
 * windowedBy().aggregate()} run by {@code TopologyTestDriver}, on the same readings, in the same
 * JVM and run (see docs/benchmarks.md).
 *
 * <p>Each invocation processes the next {@code chunkSeconds} of event time of the whole {@link
 * SyntheticFleet} (devices x metrics readings per second, one batch per device per {@code
 * batchSeconds}); the state (windows, dedupe, Kafka Streams stores) carries over from invocation to
 * invocation, so windows of every size open and close as in a long run. Readings and rollups are
 * counted by {@link Counters}: JMH reports them per second ({@code :readings}, {@code :rollups}).
 * Every rollup goes to a {@link Blackhole}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class RollupBenchmark {

  /** The gateway's whole core: dedupe, rollups of 10 s / 1 min / 1 h, anomaly detection. */
  @Benchmark
  public void ternPipeline(TernPipelineState s, Counters c) {
    List<AgentBatch> batches = s.chunk;
    for (int i = 0; i < batches.size(); i++) {
      AgentBatch batch = batches.get(i);
      s.pipeline.accept(batch.readings(), batch.receivedAtMs());
      if (batch.receivedAtMs() >= s.nextTickMs) {
        s.pipeline.tick(batch.receivedAtMs());
        s.nextTickMs = batch.receivedAtMs() + 1000;
      }
    }
    c.readings += s.chunkReadings;
    c.rollups += s.output.takeRollups();
  }

  /** The same rollups in Kafka Streams: one record per reading through the test driver. */
  @Benchmark
  public void kafkaStreams(StreamsState s, Counters c) {
    EncodedReading[] records = s.chunk;
    for (EncodedReading record : records) {
      s.streams.pipe(record);
    }
    c.readings += records.length;
    c.rollups += s.takeRollups();
  }

  /** Stage: the gateway's exact dedupe alone. */
  @Benchmark
  public void ternDedupeOnly(DedupeState s, Counters c, Blackhole bh) {
    for (AgentBatch batch : s.chunk) {
      for (Reading reading : batch.readings()) {
        DedupeVerdict verdict = s.dedupe.check(reading);
        bh.consume(verdict);
      }
    }
    c.readings += s.chunkReadings;
  }

  /** Stage: the gateway's rollup windows alone (no dedupe, no detection). */
  @Benchmark
  public void ternRollupOnly(WindowsState s, Counters c, Blackhole bh) {
    long rollups = 0;
    for (AgentBatch batch : s.chunk) {
      for (Reading reading : batch.readings()) {
        WindowOutcome outcome = s.windows.add(reading, batch.receivedAtMs());
        rollups += outcome.closed().size();
        outcome.closed().forEach(bh::consume);
      }
      if (batch.receivedAtMs() >= s.nextTickMs) {
        var idle = s.windows.closeIdle(batch.receivedAtMs());
        rollups += idle.size();
        idle.forEach(bh::consume);
        s.nextTickMs = batch.receivedAtMs() + 1000;
      }
    }
    c.readings += s.chunkReadings;
    c.rollups += rollups;
  }

  /**
   * Stage: every default anomaly detector alone (threshold, spike, level shift, drift, stuck,
   * missing data; ticks once a second), on one core. Issue goal: at least 2 M readings/s.
   */
  @Benchmark
  public void ternDetectOnly(DetectorsState s, Counters c, Blackhole bh) {
    for (AgentBatch batch : s.chunk) {
      for (Reading reading : batch.readings()) {
        s.detectors.observe(reading, batch.receivedAtMs(), bh::consume);
      }
      if (batch.receivedAtMs() >= s.nextTickMs) {
        s.detectors.tick(batch.receivedAtMs(), bh::consume);
        s.nextTickMs = batch.receivedAtMs() + 1000;
      }
    }
    c.readings += s.chunkReadings;
  }

  /** Only the gateway's anomaly detectors. */
  @State(Scope.Thread)
  public static class DetectorsState {
    Detectors detectors;
    List<AgentBatch> chunk;
    long chunkReadings;
    long nextTickMs = Long.MIN_VALUE;
    private SyntheticFleet fleet;
    private Workload workload;

    @Setup(Level.Trial)
    public void start(Workload workload) {
      this.workload = workload;
      this.fleet = workload.newFleet();
      this.detectors = new Detectors(PipelineSettings.defaults().detection());
    }

    @Setup(Level.Invocation)
    public void nextChunk() {
      chunk = fleet.next(workload.chunkSeconds);
      chunkReadings = (long) workload.chunkSeconds * fleet.readingsPerSecond();
    }
  }

  /** Readings and rollups processed, reported by JMH per second. Reset every iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long readings;
    public long rollups;

    @Setup(Level.Iteration)
    public void reset() {
      readings = 0;
      rollups = 0;
    }
  }

  /** The gateway pipeline, with the next chunk of readings decoded into batches. */
  @State(Scope.Thread)
  public static class TernPipelineState {
    Pipeline pipeline;
    CountingOutput output;
    List<AgentBatch> chunk;
    long chunkReadings;
    long nextTickMs = Long.MIN_VALUE;
    private SyntheticFleet fleet;
    private Workload workload;

    @Setup(Level.Trial)
    public void start(Workload workload, Blackhole bh) {
      this.workload = workload;
      this.fleet = workload.newFleet();
      this.output = new CountingOutput(bh);
      this.pipeline = new Pipeline(PipelineSettings.defaults(), output);
    }

    @Setup(Level.Invocation)
    public void nextChunk() {
      chunk = fleet.next(workload.chunkSeconds);
      chunkReadings = (long) workload.chunkSeconds * fleet.readingsPerSecond();
    }

    @TearDown(Level.Trial)
    public void check() {
      output.requireNothingDropped();
    }
  }

  /** Only the gateway's dedupe. */
  @State(Scope.Thread)
  public static class DedupeState {
    Dedupe dedupe;
    List<AgentBatch> chunk;
    long chunkReadings;
    private SyntheticFleet fleet;
    private Workload workload;

    @Setup(Level.Trial)
    public void start(Workload workload) {
      this.workload = workload;
      this.fleet = workload.newFleet();
      this.dedupe =
          new Dedupe(
              PipelineSettings.defaults().dedupe(),
              (deviceId, epoch) -> {
                throw new IllegalStateException("stream of " + deviceId + " evicted");
              });
    }

    @Setup(Level.Invocation)
    public void nextChunk() {
      chunk = fleet.next(workload.chunkSeconds);
      chunkReadings = (long) workload.chunkSeconds * fleet.readingsPerSecond();
    }
  }

  /** Only the gateway's rollup windows. */
  @State(Scope.Thread)
  public static class WindowsState {
    RollupWindows windows;
    List<AgentBatch> chunk;
    long chunkReadings;
    long nextTickMs = Long.MIN_VALUE;
    private SyntheticFleet fleet;
    private Workload workload;

    @Setup(Level.Trial)
    public void start(Workload workload) {
      this.workload = workload;
      this.fleet = workload.newFleet();
      this.windows = new RollupWindows(PipelineSettings.defaults().rollup());
    }

    @Setup(Level.Invocation)
    public void nextChunk() {
      chunk = fleet.next(workload.chunkSeconds);
      chunkReadings = (long) workload.chunkSeconds * fleet.readingsPerSecond();
    }
  }
}
