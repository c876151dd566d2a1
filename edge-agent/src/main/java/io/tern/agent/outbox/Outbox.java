package io.tern.agent.outbox;

import io.tern.agent.batch.GapReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HexFormat;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable outbox of one device stream: every reading gets the next seq and is appended here before
 * anything else happens to it, within a disk budget ({@link OutboxBudget}).
 *
 * <p>Layout under {@code dataDir}: {@code outbox/} is a Chronicle Queue (one excerpt per reading,
 * see {@link ExcerptLayout}); {@code stream-epoch} and {@code acked} are small text files (see
 * {@link StreamFiles}); {@code gaps} lists the seq runs dropped unsent and not yet acknowledged,
 * with the drop counters (see {@link GapLedger}), replaced atomically on every change.
 *
 * <p>Files: the queue uses {@link RollCycles#FAST_HOURLY} naming, but the outbox decides when a new
 * file starts (its own cycle clock, see {@link QueueFiles}): when the current file reaches 1/16 of
 * the byte budget or 1/16 of the age budget. Files whose readings are all acknowledged are deleted
 * at once; a budget drop deletes the oldest file. 1 MiB blocks are mapped.
 *
 * <p>Threads: {@link #append} and {@link #maintain} may be called from any thread (serialised by
 * this object's lock); {@link #saveAcked} and cursors belong to the publisher thread; {@link
 * #close} once, after the publisher thread has stopped.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  static final String QUEUE_DIR = "outbox";
  static final String GAPS_FILE = GapStore.FILE;
  static final int BLOCK_SIZE = 1 << 20;
  private static final long LOG_INTERVAL_MS = 10_000;

  private final Path dataDir;
  private final InstantSource clock;
  private final OutboxBudget budget;
  private final QueueFiles files;
  private final SingleChronicleQueue queue;
  private final long streamEpoch;
  private final AckedPosition ackedAtOpen;
  private final Segments segments;
  private final GapStore gaps;
  private final AppendRate rate = new AppendRate();
  private final EncodedNames names = new EncodedNames();
  // Direct, as the mapped file: Chronicle copies it in one memory copy (a heap array goes
  // byte-wise).
  private final Bytes<Void> excerpt = Bytes.allocateElasticDirect(64);
  private final DiskSpace diskSpace;
  private ExcerptAppender appender;
  private volatile long lastSeq;
  private volatile long ackedSeq;
  private final Throttle diskErrorLog = new Throttle(LOG_INTERVAL_MS);
  private final Throttle dropLog = new Throttle(LOG_INTERVAL_MS);
  private boolean closed;
  private boolean queueFailed;

  private Outbox(
      Path dataDir,
      InstantSource clock,
      OutboxBudget budget,
      QueueFiles files,
      long streamEpoch,
      long lastSeq,
      AckedPosition ackedAtOpen,
      Segments segments,
      GapStore gaps) {
    this.dataDir = dataDir;
    this.clock = clock;
    this.budget = budget;
    this.files = files;
    this.diskSpace = new DiskSpace(files::usableBytes);
    this.queue = files.queue();
    this.streamEpoch = streamEpoch;
    this.lastSeq = lastSeq;
    this.ackedAtOpen = ackedAtOpen;
    this.ackedSeq = ackedAtOpen.seq();
    this.segments = segments;
    this.gaps = gaps;
  }

  /** Opens (or creates) the outbox in {@code dataDir} with the default budget. */
  public static Outbox open(Path dataDir, InstantSource clock) {
    return open(dataDir, clock, OutboxBudget.DEFAULT);
  }

  /**
   * Opens (or creates) the outbox in {@code dataDir}.
   *
   * @param clock append times (age budget) and the queue's file naming
   * @throws UncheckedIOException if the directory cannot be created or read
   * @throws IllegalStateException if the metadata is unreadable or inconsistent
   */
  public static Outbox open(Path dataDir, InstantSource clock, OutboxBudget budget) {
    QueueFiles files = null;
    GapStore gaps = null;
    try {
      Files.createDirectories(dataDir);
      files = new QueueFiles(dataDir.resolve(QUEUE_DIR), clock, BLOCK_SIZE);
      Segments segments = files.scan();
      long tailSeq = readTailSeq(files.queue());
      long epoch = StreamFiles.loadOrCreateEpoch(dataDir, tailSeq == 0);
      AckedPosition acked = StreamFiles.loadAcked(dataDir);
      gaps = GapStore.open(dataDir, acked.seq());
      // Acked or dropped readings may be gone from the queue: never re-use their seqs.
      long lastSeq = Math.max(Math.max(tailSeq, acked.seq()), gaps.maxSeq());
      log.info(
          "Opened outbox {} (streamEpoch {}, lastSeq {}, ackedSeq {}, {} bytes in {} files,"
              + " budget {} bytes / {} / {})",
          dataDir,
          HexFormat.of().toHexDigits(epoch),
          lastSeq,
          acked.seq(),
          segments.totalBytes(),
          segments.list().size(),
          budget.maxBytes(),
          budget.maxAge(),
          budget.policy().label());
      Outbox outbox =
          new Outbox(dataDir, clock, budget, files, epoch, lastSeq, acked, segments, gaps);
      outbox.maintain();
      return outbox;
    } catch (IOException e) {
      closeQuietly(files, gaps);
      throw new UncheckedIOException("cannot open outbox in " + dataDir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(files, gaps);
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

  private static void closeQuietly(QueueFiles files, GapStore gaps) {
    if (files != null) {
      files.queue().close();
    }
    closeQuietly(gaps);
  }

  private static void closeQuietly(GapStore gaps) {
    if (gaps != null) {
      try {
        gaps.close();
      } catch (IOException e) {
        log.warn("Closing {} failed: {}", GapTail.FILE, e.toString());
      }
    }
  }

  /**
   * Gives a reading the next seq (previous + 1; 1 for a new stream) and stores it, within the
   * budget. The seq is returned even when the reading could not be stored: rejected by the
   * reject-new policy or lost to a disk error, it is then recorded (and later sent) as a gap.
   *
   * @throws IllegalStateException if the outbox is closed
   */
  public synchronized long append(String metric, double value, long eventTimeMs) {
    if (closed) {
      throw new IllegalStateException("outbox " + dataDir + " is closed");
    }
    long seq = lastSeq + 1;
    lastSeq = seq;
    long now = clock.millis();
    byte[] name = names.of(metric);
    int size = ExcerptLayout.sizeOf(name);
    rate.add(size, now);
    if (segments.shouldRoll(budget.segmentBytes(), budget.segmentAgeMs(), now)) {
      files.roll(now);
    }
    enforceBudget(size, now);
    if (budget.policy() == BufferPolicy.REJECT_NEW
        && segments.totalBytes() + size > budget.maxBytes()) {
      recordHeadGap(seq, GapReason.REJECTED_NEW);
      logDrop("full (" + budget.maxBytes() + " bytes, reject-new): rejected seq " + seq, now);
    } else {
      store(seq, name, size, value, eventTimeMs, now);
    }
    persistGapsIfDirty();
    return seq;
  }

  private void store(long seq, byte[] name, int size, double value, long eventTimeMs, long now) {
    if (queueFailed) {
      recordHeadGap(seq, GapReason.DISK_ERROR);
      logDiskError(
          "the queue failed earlier; seq " + seq + " is reported as a gap until a restart",
          null,
          now);
      return;
    }
    if (!diskHasRoom(size, now)) {
      recordHeadGap(seq, GapReason.DISK_ERROR);
      logDiskError(
          "disk full ("
              + diskSpace.usableBytes()
              + " bytes usable, "
              + DiskSpace.RESERVE_BYTES
              + " kept in reserve); seq "
              + seq
              + " is reported as a gap",
          null,
          now);
      return;
    }
    try {
      if (appender == null) {
        appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true); // serialised by this object's lock
        excerpt.singleThreadedCheckDisabled(true); // likewise
      }
      // Encoded first, then written in one call: writingDocument() would find the index of the
      // last excerpt by a scan on every append; lastIndexAppended() too, where cycle() is a field.
      excerpt.clear();
      ExcerptLayout.write(excerpt, seq, name, value, eventTimeMs);
      appender.writeBytes(excerpt);
      segments.appended(appender.cycle(), seq, appender.wire().bytes().writePosition(), now);
    } catch (RuntimeException | InternalError e) {
      // Chronicle reports a full or read-only disk as unchecked exceptions (or, for a fault in a
      // mapped page, an InternalError): the reading becomes a gap, the agent keeps running.
      // The failed write may still hold the queue's write lock: stop using the queue until a
      // restart rather than risk a writer waiting for it forever.
      queueFailed = true;
      recordHeadGap(seq, GapReason.DISK_ERROR);
      log.error(
          "Outbox {}: cannot append seq {}; until the agent restarts every reading is reported"
              + " as a DISK_ERROR gap",
          dataDir,
          seq,
          e);
    }
  }

  private boolean diskHasRoom(int size, long now) {
    try {
      return diskSpace.hasRoom(size, now);
    } catch (IOException e) {
      logDiskError("cannot read the free disk space", e, now);
      return false;
    }
  }

  private void closeAppenderQuietly() {
    if (appender != null) {
      try {
        appender.close();
      } catch (RuntimeException e) {
        log.debug("Closing the outbox appender after a disk error failed too: {}", e.toString());
      }
      appender = null;
    }
  }

  /** Drops the oldest files while over the age budget (or, with drop-oldest, the byte budget). */
  private void enforceBudget(long incomingBytes, long now) {
    boolean dropForBytes = budget.policy() == BufferPolicy.DROP_OLDEST;
    while (true) {
      Segments.Drop drop =
          segments.takeOverBudget(
              dropForBytes ? budget.maxBytes() : Long.MAX_VALUE,
              incomingBytes,
              budget.maxAge().toMillis(),
              ackedSeq,
              now);
      if (drop == null) {
        return;
      }
      GapReason reason = drop.byAge() ? GapReason.BUDGET_AGE : GapReason.BUDGET_BYTES;
      if (drop.losesReadings()) {
        recordGap(drop.firstUnsent(), drop.lastUnsent(), reason);
        logDrop(
            "over its "
                + (drop.byAge()
                    ? "age budget (" + budget.maxAge()
                    : "byte budget (" + budget.maxBytes() + " bytes")
                + "): dropped unsent seqs "
                + drop.firstUnsent()
                + ".."
                + drop.lastUnsent(),
            now);
      }
      // The gap must be on disk before the readings disappear.
      persistGapsIfDirty();
      files.delete(drop.cycle());
    }
  }

  private void recordGap(long first, long last, GapReason reason) {
    gaps.record(first, last, reason);
  }

  private void recordHeadGap(long seq, GapReason reason) {
    try {
      gaps.recordHead(seq, reason);
    } catch (IOException e) {
      logDiskError("cannot write " + GapTail.FILE, e, clock.millis());
    }
  }

  private void persistGapsIfDirty() {
    flushGaps(false);
  }

  private void flushGaps(boolean all) {
    try {
      gaps.flush(all);
    } catch (IOException e) {
      logDiskError("cannot write the gaps file (kept in memory, retried)", e, clock.millis());
    }
  }

  /** Warns about a budget drop, at most once per 10 s (with the count of the ones in between). */
  private void logDrop(String what, long now) {
    if (dropLog.pass(now)) {
      log.warn(
          "Outbox {} {} ({} more drops since the last report; drops so far: {})",
          dataDir,
          what,
          dropLog.heldBack(),
          gaps.dropped());
    }
  }

  private void logDiskError(String what, Throwable e, long now) {
    if (diskErrorLog.pass(now)) {
      log.error(
          "Outbox {}: {}{} ({} more disk errors since the last report)",
          dataDir,
          what,
          e == null ? "" : ": " + e,
          diskErrorLog.heldBack());
    }
  }

  /**
   * Periodic housekeeping (call every second or so): age drops while no readings come, deletion of
   * acknowledged files, retrying a gaps file that could not be written.
   */
  public synchronized void maintain() {
    if (closed) {
      return;
    }
    long now = clock.millis();
    enforceBudget(0, now);
    deleteAcknowledged();
    flushGaps(true);
  }

  private void deleteAcknowledged() {
    for (int cycle : segments.takeAcknowledged(ackedSeq)) {
      files.delete(cycle);
    }
    gaps.pruneAcked(ackedSeq);
  }

  private OutboxHealth computeHealth(long now) {
    long used = segments.totalBytes();
    long oldest = segments.oldestUnsentAgeMs(ackedSeq, now);
    double bytesPerMs = rate.bytesPerMs(now);
    long offline = -1;
    if (bytesPerMs > 0) {
      long byBytes =
          budget.policy() == BufferPolicy.DROP_OLDEST || used < budget.maxBytes()
              ? (long) (Math.max(0, budget.maxBytes() - used) / bytesPerMs)
              : 0;
      offline = Math.min(byBytes, Math.max(0, budget.maxAge().toMillis() - oldest));
    }
    return new OutboxHealth(used, budget.maxBytes(), oldest, gaps.dropped(), offline);
  }

  public long streamEpoch() {
    return streamEpoch;
  }

  /** Seq of the last appended (or rejected) reading; 0 when the stream is empty. */
  public long lastSeq() {
    return lastSeq;
  }

  /** The acknowledged position persisted when the outbox was opened. */
  public AckedPosition ackedAtOpen() {
    return ackedAtOpen;
  }

  public OutboxBudget budget() {
    return budget;
  }

  /** Fill, age and drop counters now (computed on demand, not on every append). */
  public synchronized OutboxHealth health() {
    return computeHealth(clock.millis());
  }

  /**
   * Persists the acknowledged position (atomic replace; see {@link StreamFiles}; a disk error is
   * logged, not thrown), then deletes the files and forgets the gaps it covers.
   */
  public void saveAcked(AckedPosition acked) {
    IOException failure = null;
    try {
      StreamFiles.saveAcked(dataDir, acked);
    } catch (IOException e) {
      failure = e; // a lost update only replays readings the gateway dedupes
    }
    synchronized (this) {
      if (failure != null) {
        logDiskError("cannot save the acked position " + acked.seq(), failure, clock.millis());
      }
      ackedSeq = Math.max(ackedSeq, acked.seq());
      if (!closed) {
        deleteAcknowledged();
        persistGapsIfDirty();
      }
    }
  }

  /** A cursor on the first entry after {@code acked}; the caller's thread owns it. */
  public OutboxCursor cursorAfter(AckedPosition acked) {
    OutboxCursor cursor = new OutboxCursor(queue.createTailer(), gaps::snapshot);
    cursor.rewindTo(acked);
    return cursor;
  }

  /**
   * Moves {@code cursor} to the end of the stream, atomically with respect to appends: it will read
   * exactly the entries from the returned seq on.
   *
   * @return the seq of the next reading to be appended
   */
  public synchronized long moveToEnd(OutboxCursor cursor) {
    cursor.toEnd(lastSeq + 1);
    return lastSeq + 1;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    flushGaps(true);
    closed = true;
    closeAppenderQuietly();
    queue.close();
    closeQuietly(gaps);
    excerpt.releaseLast();
  }
}
