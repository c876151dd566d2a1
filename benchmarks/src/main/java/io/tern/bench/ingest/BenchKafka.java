package io.tern.bench.ingest;

import io.tern.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The in-process Kafka broker (KRaft) of a benchmark run, started on first use (only the bridge
 * sides need it) in a temporary folder, on a free port; closed and deleted at the end. Control
 * thread only.
 */
final class BenchKafka implements AutoCloseable {

  private final PrintWriter out;
  private EmbeddedKafka kafka;
  private Path dataDir;

  BenchKafka(PrintWriter out) {
    this.out = out;
  }

  String bootstrapServers() {
    if (kafka == null) {
      try {
        dataDir = WorkDirs.create("tern-bench-kafka");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      long start = System.nanoTime();
      kafka = EmbeddedKafka.start(dataDir, 0);
      out.printf(
          "in-process Kafka broker (KRaft) on %s, started in %.1f s%n",
          kafka.bootstrapServers(), (System.nanoTime() - start) / 1e9);
      out.flush();
    }
    return kafka.bootstrapServers();
  }

  @Override
  public void close() throws IOException {
    if (kafka != null) {
      try {
        kafka.close();
      } finally {
        WorkDirs.delete(dataDir);
      }
    }
  }
}
