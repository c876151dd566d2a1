package io.tern.gateway.journal;

import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.queue.CycleFiles;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's ingest journal: a Chronicle Queue at {@code <dataDir>/journal} holding every
 * accepted telemetry batch and every clock tick, in the order the pipeline processes them. The
 * pipeline is a deterministic function of it; recovery replays it from a snapshot's position.
 *
 * <p>The journal rolls every hour ({@link RollCycles#FAST_HOURLY}); the hourly files that end
 * before the oldest kept snapshot are deleted ({@link #deleteCyclesBefore}), so its size stays that
 * of the last snapshot interval or hour, whichever is longer.
 *
 * <p>Threading: {@link #append} and {@link #sync} by the journal writer thread only; a {@link
 * Reader} and {@link #deleteCyclesBefore} by the pipeline thread; {@link #lastIndex} by any thread;
 * {@link #close} once both have stopped.
 */
@Singleton
public final class IngestJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJournal.class);

  private final Path dir;
  private final SingleChronicleQueue queue;
  private ExcerptAppender appender;
  private boolean closed;

  @Inject
  public IngestJournal(GatewayConfig config) {
    this(
        config.dataDir().resolve("journal"),
        config.journalSync() == GatewayConfig.JournalSync.GROUP,
        SystemTimeProvider.INSTANCE);
  }

  IngestJournal(Path dir) {
    this(dir, true, SystemTimeProvider.INSTANCE);
  }

  /**
   * @param sync whether {@link #sync} forces appended bytes to the device (msync); else it does
   *     nothing
   * @param time the clock that decides the hourly files (tests)
   */
  IngestJournal(Path dir, boolean sync, TimeProvider time) {
    this.dir = dir;
    this.queue =
        SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(RollCycles.FAST_HOURLY)
            .syncMode(sync ? SyncMode.SYNC : SyncMode.NONE)
            .timeProvider(time)
            .build();
    LOG.info("Ingest journal at {}", dir);
  }

  public Path dir() {
    return dir;
  }

  /** Appends an entry (to the page cache) and returns its index. Journal writer thread only. */
  public long append(JournalEntry entry) {
    if (appender == null) {
      appender = queue.createAppender();
    }
    try (DocumentContext dc = appender.writingDocument()) {
      JournalCodec.write(entry, dc.wire().bytes());
    }
    return appender.lastIndexAppended();
  }

  /** Forces what was appended so far to the storage device (group commit). Writer thread only. */
  public void sync() {
    if (appender != null) {
      appender.sync();
    }
  }

  /** Index of the last entry appended, or -1 if the journal is empty. Any thread. */
  public long lastIndex() {
    long last = queue.lastIndex();
    return last < 0 ? -1 : last;
  }

  /**
   * A reader of the entries after {@code afterIndex}, or of all entries if it is -1.
   *
   * @throws IllegalStateException if {@code afterIndex} is not in the journal (deleted or foreign)
   */
  public Reader reader(long afterIndex) {
    ExcerptTailer tailer = queue.createTailer();
    if (afterIndex < 0) {
      tailer.toStart();
    } else {
      if (!tailer.moveToIndex(afterIndex)) {
        throw new IllegalStateException(
            "journal entry " + Long.toHexString(afterIndex) + " is not in " + dir);
      }
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          throw new IllegalStateException(
              "journal entry " + Long.toHexString(afterIndex) + " is not in " + dir);
        }
      }
    }
    return new Reader(tailer);
  }

  /** Reads entries in journal order. Not thread-safe: one thread. */
  public static final class Reader {
    private final ExcerptTailer tailer;
    private long index = -1;

    private Reader(ExcerptTailer tailer) {
      this.tailer = tailer;
    }

    /** The next entry, or null if there is none yet. */
    public JournalEntry next() {
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          return null;
        }
        index = dc.index();
        return JournalCodec.read(dc.wire().bytes());
      }
    }

    /** Index of the entry last returned by {@link #next}, or -1. */
    public long index() {
      return index;
    }
  }

  /**
   * Deletes the journal's hourly files that hold only entries before {@code index} (never the file
   * of {@code index} itself, nor the newest one).
   *
   * @return the number of files deleted
   */
  public int deleteCyclesBefore(long index) throws IOException {
    if (index < 0) {
      return 0;
    }
    RollCycle rollCycle = queue.rollCycle();
    int keepFrom = rollCycle.toCycle(index);
    int deleted = 0;
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
    }
    for (int i = 0; i < files.size() - 1; i++) {
      Path file = files.get(i);
      OptionalInt fileCycle = CycleFiles.cycle(file, rollCycle, queue.epoch());
      if (fileCycle.isEmpty()) {
        LOG.warn("Leaving {} in the journal folder: not a journal file name", file);
        continue;
      }
      int cycle = fileCycle.getAsInt();
      if (cycle < keepFrom) {
        Files.deleteIfExists(file);
        deleted++;
      }
    }
    if (deleted > 0) {
      queue.refreshDirectoryListing();
      LOG.info("Deleted {} journal files older than the oldest kept snapshot", deleted);
    }
    return deleted;
  }

  @Override
  @PreDestroy
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.close();
    LOG.info("Ingest journal closed");
  }
}
