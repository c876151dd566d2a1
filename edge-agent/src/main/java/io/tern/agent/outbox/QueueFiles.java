package io.tern.agent.outbox;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's Chronicle Queue and its files. Chronicle rolls files by time only, so the queue is
 * given its own cycle clock: it stays on the current file's hour until {@link #roll} moves it to
 * the wall-clock hour, or to the next hour if that is not later (file names then run ahead of the
 * wall clock; only their order matters). This gives files of a chosen size, so budget drops delete
 * a small, known share of the data.
 *
 * <p>Not thread-safe: guarded by the outbox's lock (the queue itself is shared with tailers).
 */
final class QueueFiles {
  private static final Logger log = LoggerFactory.getLogger(QueueFiles.class);
  private static final RollCycle ROLL_CYCLE = RollCycles.FAST_HOURLY;
  private static final DateTimeFormatter NAMES =
      DateTimeFormatter.ofPattern(ROLL_CYCLE.format()).withZone(ZoneOffset.UTC);

  private static final int INDEX_COUNT = 256;
  private static final int INDEX_SPACING = 256;

  private final Path dir;
  private final InstantSource clock;
  private final SingleChronicleQueue queue;
  // Looked up once: Files.getFileStore parses the mount table on every call.
  private FileStore store;
  private volatile long cycleClockMs;

  QueueFiles(Path dir, InstantSource clock, int blockSize) {
    this.dir = dir;
    this.clock = clock;
    this.cycleClockMs = clock.millis();
    this.queue =
        SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(ROLL_CYCLE)
            .blockSize(blockSize)
            // 256 x 256 x 256 = 16 M readings per file (files roll far earlier); a small index
            // keeps a file's fixed overhead at ~4 KiB instead of ~64 KiB.
            .indexCount(INDEX_COUNT)
            .indexSpacing(INDEX_SPACING)
            .timeProvider(() -> cycleClockMs)
            .build();
    int last = queue.lastCycle();
    if (last >= 0) {
      cycleClockMs = Math.max(cycleClockMs, cycleStartMs(last)); // continue in the last file
    }
  }

  SingleChronicleQueue queue() {
    return queue;
  }

  int cycleOf(long index) {
    return ROLL_CYCLE.toCycle(index);
  }

  /** The next append goes to a new file. */
  void roll(long nowMs) {
    long next = cycleStartMs((int) (cycleClockMs / ROLL_CYCLE.lengthInMillis()) + 1);
    cycleClockMs = Math.max(nowMs, next);
  }

  /** Bytes usable on the queue's filesystem. */
  long usableBytes() throws IOException {
    if (store == null) {
      store = Files.getFileStore(dir);
    }
    return store.getUsableSpace();
  }

  /** Deletes the file of {@code cycle} (a no-op if it is already gone). */
  void delete(int cycle) {
    Path file = fileOf(cycle);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Cannot delete outbox file {}: {}", file, e.toString());
    }
    queue.refreshDirectoryListing();
  }

  /** Accounting of the files present, from their excerpts (append times from file times). */
  Segments scan() throws IOException {
    Segments segments = new Segments();
    try (ExcerptTailer tailer = queue.createTailer()) {
      int cycle = Integer.MIN_VALUE;
      long fileTimeMs = 0;
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return segments;
          }
          long index = dc.index();
          if (cycleOf(index) != cycle) {
            cycle = cycleOf(index);
            fileTimeMs = fileTimeMs(cycle);
          }
          long seq = ExcerptLayout.readSeq(dc.wire().bytes(), index);
          segments.appended(cycle, seq, dc.wire().bytes().readLimit(), fileTimeMs);
        }
      }
    }
  }

  private long fileTimeMs(int cycle) throws IOException {
    try {
      return Files.getLastModifiedTime(fileOf(cycle)).toMillis();
    } catch (NoSuchFileException e) {
      return clock.millis();
    }
  }

  Path fileOf(int cycle) {
    return dir.resolve(
        NAMES.format(Instant.ofEpochMilli(cycleStartMs(cycle))) + SingleChronicleQueue.SUFFIX);
  }

  private static long cycleStartMs(int cycle) {
    return (long) cycle * ROLL_CYCLE.lengthInMillis();
  }
}
