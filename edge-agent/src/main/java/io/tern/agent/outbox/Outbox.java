package io.tern.agent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HexFormat;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable outbox of one device stream: every reading is appended here, with the next seq, before
 * anything else happens to it.
 *
 * <p>Layout under {@code dataDir}: {@code outbox/} is a Chronicle Queue (one excerpt per reading,
 * see {@link ExcerptLayout}); {@code stream-epoch} and {@code acked} are small text files (see
 * {@link StreamFiles}). The queue rolls hourly ({@link RollCycles#FAST_HOURLY}: up to 4 G readings
 * per file, and age-based eviction can later drop whole hours) and maps 1 MiB blocks, so thousands
 * of outboxes fit in one JVM.
 *
 * <p>Threads: {@link #append} may be called from any thread (appends are serialised by this
 * object's lock); {@link #saveAcked} and cursors belong to the publisher thread; {@link #close}
 * once, after the publisher thread has stopped.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  static final String QUEUE_DIR = "outbox";
  static final int BLOCK_SIZE = 1 << 20;

  private final Path dataDir;
  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final long streamEpoch;
  private final AckedPosition ackedAtOpen;
  private volatile long lastSeq;
  private boolean closed;

  private Outbox(
      Path dataDir,
      SingleChronicleQueue queue,
      long streamEpoch,
      long lastSeq,
      AckedPosition ackedAtOpen) {
    this.dataDir = dataDir;
    this.queue = queue;
    this.streamEpoch = streamEpoch;
    this.lastSeq = lastSeq;
    this.ackedAtOpen = ackedAtOpen;
    this.appender = queue.createAppender();
    // Appends from many threads are serialised by this object's lock.
    this.appender.singleThreadedCheckDisabled(true);
  }

  /**
   * Opens (or creates) the outbox in {@code dataDir}.
   *
   * @param clock decides which hourly queue file a reading lands in
   * @throws UncheckedIOException if the directory cannot be created or read
   * @throws IllegalStateException if the metadata is unreadable or inconsistent
   */
  public static Outbox open(Path dataDir, InstantSource clock) {
    SingleChronicleQueue queue = null;
    try {
      Files.createDirectories(dataDir);
      queue =
          SingleChronicleQueueBuilder.binary(dataDir.resolve(QUEUE_DIR))
              .rollCycle(RollCycles.FAST_HOURLY)
              .blockSize(BLOCK_SIZE)
              .timeProvider(clock::millis)
              .build();
      long tailSeq = readTailSeq(queue);
      long epoch = StreamFiles.loadOrCreateEpoch(dataDir, tailSeq == 0);
      AckedPosition acked = StreamFiles.loadAcked(dataDir);
      // Acked readings may have been evicted from the queue: never re-use their seqs.
      long lastSeq = Math.max(tailSeq, acked.seq());
      log.info(
          "Opened outbox {} (streamEpoch {}, lastSeq {}, ackedSeq {})",
          dataDir,
          HexFormat.of().toHexDigits(epoch),
          lastSeq,
          acked.seq());
      return new Outbox(dataDir, queue, epoch, lastSeq, acked);
    } catch (IOException e) {
      closeQuietly(queue);
      throw new UncheckedIOException("cannot open outbox in " + dataDir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(queue);
      throw e;
    }
  }

  private static long readTailSeq(SingleChronicleQueue queue) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      tailer.direction(TailerDirection.BACKWARD).toEnd();
      try (DocumentContext dc = tailer.readingDocument()) {
        return dc.isPresent() ? ExcerptLayout.readSeq(dc.wire().bytes(), dc.index()) : 0;
      }
    }
  }

  private static void closeQuietly(SingleChronicleQueue queue) {
    if (queue != null) {
      queue.close();
    }
  }

  /**
   * Appends a reading and returns its seq (previous + 1; 1 for a new stream).
   *
   * @throws IllegalStateException if the outbox is closed
   */
  public synchronized long append(String metric, double value, long eventTimeMs) {
    if (closed) {
      throw new IllegalStateException("outbox " + dataDir + " is closed");
    }
    long seq = lastSeq + 1;
    try (DocumentContext dc = appender.writingDocument()) {
      ExcerptLayout.write(dc.wire().bytes(), seq, metric, value, eventTimeMs);
    }
    lastSeq = seq;
    return seq;
  }

  public long streamEpoch() {
    return streamEpoch;
  }

  /** Seq of the last appended reading; 0 when the stream is empty. */
  public long lastSeq() {
    return lastSeq;
  }

  /** The acknowledged position persisted when the outbox was opened. */
  public AckedPosition ackedAtOpen() {
    return ackedAtOpen;
  }

  /** Persists the acknowledged position (atomic replace; see {@link StreamFiles}). */
  public void saveAcked(AckedPosition acked) {
    try {
      StreamFiles.saveAcked(dataDir, acked);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save acked position in " + dataDir, e);
    }
  }

  /** A cursor on the first reading after {@code acked}; the caller's thread owns it. */
  public OutboxCursor cursorAfter(AckedPosition acked) {
    OutboxCursor cursor = new OutboxCursor(queue.createTailer());
    cursor.rewindTo(acked);
    return cursor;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    appender.close();
    queue.close();
  }
}
