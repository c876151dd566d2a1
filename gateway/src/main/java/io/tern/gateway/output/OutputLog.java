package io.tern.gateway.output;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.queue.CycleFiles;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.OutputSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's output log: a Chronicle Queue at {@code <dataDir>/output} with one excerpt per
 * rollup or alert, each the bytes of one {@link GatewayOutput} naming the journal entry that
 * produced it ({@link Source}). The cloud bridge tails it. It rolls every hour ({@link
 * RollCycles#FAST_HOURLY}; a log created before keeps the roll cycle it was created with), and
 * {@link OutputLogRetention} deletes whole cycles ({@link #cycles}, {@link #delete}).
 *
 * <p>Threading: {@link #append} and {@link #lastSource} are called by the pipeline thread only (one
 * appender, one writer); {@link #cycles} and {@link #delete} by the retention thread; {@link
 * #close} is called once the pipeline thread has stopped.
 */
@Singleton
public final class OutputLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLog.class);

  private final Path dir;
  private final SingleChronicleQueue queue;
  private ExcerptAppender appender;
  private volatile boolean closed;

  @Inject
  public OutputLog(GatewayConfig config) {
    this(config.dataDir().resolve("output"), SystemTimeProvider.INSTANCE);
  }

  /**
   * An output log in {@code dir} (created if absent).
   *
   * @param time the clock that decides the hourly cycles (tests)
   */
  public OutputLog(Path dir, TimeProvider time) {
    this.dir = dir;
    this.queue =
        SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(RollCycles.FAST_HOURLY)
            .timeProvider(time)
            .build();
    LOG.info("Output log at {}", dir);
  }

  /** Folder of the Chronicle Queue. */
  public Path dir() {
    return dir;
  }

  /**
   * Where an output came from: the journal entry whose processing emitted it and its 1-based
   * position among that entry's outputs. Outputs are appended in increasing source order.
   */
  public record Source(long journalIndex, int ordinal) {
    /** Before every output: nothing was emitted yet. */
    public static final Source NONE = new Source(-1, 0);

    /** Whether an output at this source comes after {@code other}. */
    public boolean isAfter(Source other) {
      return journalIndex != other.journalIndex
          ? journalIndex > other.journalIndex
          : ordinal > other.ordinal;
    }
  }

  public void append(Rollup rollup, Source source) {
    append(ProtoOutput.of(rollup).toBuilder().setSource(proto(source)).build());
  }

  public void append(Alert alert, Source source) {
    append(ProtoOutput.of(alert).toBuilder().setSource(proto(source)).build());
  }

  public void append(DataGap gap, Source source) {
    append(ProtoOutput.of(gap).toBuilder().setSource(proto(source)).build());
  }

  private static OutputSource proto(Source source) {
    return OutputSource.newBuilder()
        .setJournalIndex(source.journalIndex())
        .setOrdinal(source.ordinal())
        .build();
  }

  private void append(GatewayOutput gatewayOutput) {
    if (appender == null) {
      appender = queue.createAppender();
    }
    appender.writeBytes(Bytes.wrapForRead(gatewayOutput.toByteArray()));
  }

  /**
   * The source of the last output in the log ({@link Source#NONE} if it is empty or the last entry
   * has none): recovery does not emit again what came from there or before.
   */
  public Source lastSource() {
    ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return Source.NONE;
      }
      GatewayOutput last = GatewayOutput.parseFrom(dc.wire().bytes().toByteArray());
      return last.hasSource()
          ? new Source(last.getSource().getJournalIndex(), last.getSource().getOrdinal())
          : Source.NONE;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the last entry of the output log " + dir + " is corrupt", e);
    } finally {
      tailer.close();
    }
  }

  /** The cycles (files) of the log, oldest first. Retention thread. */
  public List<LogCycle> cycles() {
    RollCycle rollCycle = queue.rollCycle();
    List<LogCycle> cycles = new ArrayList<>();
    int first = queue.firstCycle();
    int last = queue.lastCycle();
    if (first == Integer.MAX_VALUE || last < first) {
      return cycles;
    }
    for (long cycle : queue.listCyclesBetween(first, last)) {
      int c = (int) cycle;
      SingleChronicleQueueStore store = queue.storeForCycle(c, queue.epoch(), false, null);
      if (store == null) {
        continue; // deleted meanwhile
      }
      long bytes;
      try {
        bytes = store.writePosition();
      } finally {
        queue.closeStore(store);
      }
      long firstIndex = rollCycle.toIndex(c, 0);
      long entries = queue.countExcerpts(firstIndex, rollCycle.toIndex(c + 1, 0));
      long endMs = (c + 1L) * rollCycle.lengthInMillis() + queue.epoch();
      cycles.add(new LogCycle(c, firstIndex, entries, bytes, endMs));
    }
    return cycles;
  }

  /** Deletes the file of {@code cycle} (never the newest cycle: the caller checks). */
  public void delete(LogCycle cycle) throws IOException {
    Files.deleteIfExists(CycleFiles.file(dir, queue.rollCycle(), queue.epoch(), cycle.cycle()));
    queue.refreshDirectoryListing();
  }

  /** Whether {@link #close} was called. Any thread. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  @PreDestroy
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.close();
    LOG.info("Output log closed");
  }
}
