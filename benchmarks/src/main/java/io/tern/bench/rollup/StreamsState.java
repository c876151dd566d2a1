package io.tern.bench.rollup;

import io.tern.bench.rollup.StreamsRollup.EncodedReading;
import io.tern.bench.rollup.SyntheticFleet.AgentBatch;
import io.tern.gateway.core.rollup.RollupSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Kafka Streams under {@code TopologyTestDriver}, with the gateway's default rollup settings and
 * the next chunk of readings already encoded as Kafka records. Benchmark thread only.
 */
@State(Scope.Thread)
public class StreamsState {
  StreamsRollup streams;
  EncodedReading[] chunk;
  private long rollups;
  private SyntheticFleet fleet;
  private Workload workload;
  private Path stateDir;

  @Setup(Level.Trial)
  public void start(Workload workload, Blackhole bh) throws IOException {
    this.workload = workload;
    this.fleet = workload.newFleet();
    this.stateDir = Files.createTempDirectory("tern-bench-streams");
    this.streams =
        new StreamsRollup(
            RollupSettings.defaults(),
            stateDir,
            rollup -> {
              rollups++;
              bh.consume(rollup);
            });
  }

  @Setup(Level.Invocation)
  public void nextChunk() {
    List<AgentBatch> batches = fleet.next(workload.chunkSeconds);
    chunk =
        batches.stream()
            .flatMap(b -> b.readings().stream())
            .map(StreamsRollup::encode)
            .toArray(EncodedReading[]::new);
  }

  /** Rollups since the last call. */
  long takeRollups() {
    long n = rollups;
    rollups = 0;
    return n;
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    double dropped = streams.droppedRecords();
    streams.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(StreamsState::delete);
    }
    if (dropped > 0) {
      throw new IllegalStateException("Kafka Streams dropped " + dropped + " records");
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
