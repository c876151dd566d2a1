package io.tern.bench.agent;

import io.tern.agent.outbox.Outbox;
import io.tern.agent.outbox.OutboxBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The edge agent's append path against raw Chronicle, on the same bytes, in the same run:
 *
 * <ul>
 *   <li>{@code outboxAppend}: {@link Outbox#append} as the agent calls it for every reading (seq
 *       assignment, our excerpt encoding, the disk budget and free-space checks, health figures,
 *       Chronicle append);
 *   <li>{@code rawChronicleAppend}: {@code appender.writeBytes} of the excerpts the outbox wrote
 *       (read back from its queue before the run), into a queue with the outbox's settings (roll
 *       cycle, 1 MiB blocks, small index), rolled to a new file every 64 MiB as the outbox rolls
 *       with its default budget (one file holds at most 16 M excerpts with the small index).
 * </ul>
 *
 * Each iteration starts on empty queues in a fresh temp folder (deleted after it).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OutboxAppendBenchmark {
  static final String[] METRICS = {
    "temp", "humidity", "pressure", "cpu_temp_c", "load1", "mem_used_pct", "rpm", "vibration_x"
  };

  /** A fresh outbox per iteration (default budget: 1 GiB, drop-oldest). */
  @State(Scope.Thread)
  public static class OutboxState {
    Path dir;
    Outbox outbox;
    int i;

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = Files.createTempDirectory("tern-bench-outbox");
      outbox = Outbox.open(dir, InstantSource.system(), OutboxBudget.DEFAULT);
    }

    @TearDown(Level.Iteration)
    public void close() {
      outbox.close();
      deleteTree(dir);
    }
  }

  /** A plain queue with the outbox's settings, and the outbox's excerpts of the same readings. */
  @State(Scope.Thread)
  public static class RawState {
    static final long ROLL_BYTES = 64L << 20; // 1/16 of the default 1 GiB budget, as the outbox
    static final long HOUR_MS = 3_600_000L;
    Path dir;
    long cycleClockMs = System.currentTimeMillis();
    long bytesInFile;
    SingleChronicleQueue queue;
    ExcerptAppender appender;
    Bytes<?>[] excerpts;
    int i;

    @Setup(Level.Iteration)
    public void open() throws IOException {
      excerpts = excerptsWrittenByTheOutbox();
      dir = Files.createTempDirectory("tern-bench-raw");
      queue =
          SingleChronicleQueueBuilder.binary(dir)
              .rollCycle(RollCycles.FAST_HOURLY)
              .blockSize(1 << 20)
              .indexCount(256)
              .indexSpacing(256)
              .timeProvider(() -> cycleClockMs)
              .build();
      appender = queue.createAppender();
    }

    @TearDown(Level.Iteration)
    public void close() {
      appender.close();
      queue.close();
      for (Bytes<?> bytes : excerpts) {
        bytes.releaseLast();
      }
      deleteTree(dir);
    }
  }

  @Benchmark
  public long outboxAppend(OutboxState s) {
    int i = s.i++;
    return s.outbox.append(METRICS[i & 7], 20.0 + (i & 1023) * 0.01, 1_700_000_000_000L + i);
  }

  @Benchmark
  public void rawChronicleAppend(RawState s) {
    Bytes<?> excerpt = s.excerpts[s.i++ & 7];
    s.bytesInFile += excerpt.readRemaining();
    if (s.bytesInFile >= RawState.ROLL_BYTES) {
      s.cycleClockMs += RawState.HOUR_MS; // the next append starts a new file
      s.bytesInFile = 0;
    }
    s.appender.writeBytes(excerpt);
  }

  /** One excerpt per metric, exactly as {@link Outbox#append} stored it. */
  static Bytes<?>[] excerptsWrittenByTheOutbox() throws IOException {
    Path dir = Files.createTempDirectory("tern-bench-excerpts");
    try {
      try (Outbox outbox = Outbox.open(dir, InstantSource.system(), OutboxBudget.DEFAULT)) {
        for (int i = 0; i < METRICS.length; i++) {
          outbox.append(METRICS[i], 20.0 + i * 0.01, 1_700_000_000_000L + i);
        }
      }
      Bytes<?>[] excerpts = new Bytes<?>[METRICS.length];
      try (SingleChronicleQueue queue =
              SingleChronicleQueueBuilder.binary(dir.resolve("outbox")).readOnly(true).build();
          ExcerptTailer tailer = queue.createTailer()) {
        for (int i = 0; i < excerpts.length; i++) {
          try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
              throw new IllegalStateException("the outbox holds fewer than 8 excerpts");
            }
            Bytes<?> bytes = dc.wire().bytes();
            excerpts[i] = Bytes.allocateElasticDirect(bytes.readRemaining());
            excerpts[i].write(bytes);
          }
        }
      }
      return excerpts;
    } finally {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
