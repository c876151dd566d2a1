package io.tern.agent.outbox;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import io.tern.agent.batch.Reading;
import io.tern.agent.batch.StreamEntry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the stream in seq order from a position: the readings stored in the outbox merged with the
 * gaps (seqs dropped unsent), so every seq is covered exactly once. Used by one thread only (the
 * publisher thread creates, reads and closes it).
 */
public final class OutboxCursor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxCursor.class);
  private final ExcerptTailer tailer;
  private final Supplier<List<Gap>> gaps;
  private long lastIndex = -1;
  private long expectedSeq = 1;
  private Reading buffered;
  private long bufferedIndex;

  OutboxCursor(ExcerptTailer tailer, Supplier<List<Gap>> gaps) {
    this.tailer = tailer;
    this.gaps = gaps;
  }

  /**
   * The next entry: a reading, or a gap (seqs dropped unsent) starting at the next seq; empty when
   * the cursor is at the end of the stream.
   */
  public Optional<StreamEntry> next() {
    while (true) {
      if (buffered == null) {
        readOne();
      }
      if (buffered != null && buffered.seq() < expectedSeq) {
        consumeBuffered(); // covered by a gap already sent
        continue;
      }
      Gap gap = GapLedger.covering(gaps.get(), expectedSeq);
      if (gap != null) {
        Gap out = new Gap(expectedSeq, gap.lastSeq(), gap.reason());
        expectedSeq = gap.lastSeq() + 1;
        return Optional.of(out);
      }
      if (buffered == null) {
        return Optional.empty();
      }
      if (buffered.seq() == expectedSeq) {
        Reading reading = buffered;
        consumeBuffered();
        expectedSeq++;
        return Optional.of(reading);
      }
      // Seqs missing from the queue with no gap recorded (gap record lost to a crash while the
      // disk was failing, or files removed by hand): report them rather than stall.
      Gap lost = new Gap(expectedSeq, buffered.seq() - 1, GapReason.DISK_ERROR);
      log.error(
          "Outbox is missing seqs {}..{} with no gap recorded; reporting them as a gap",
          lost.firstSeq(),
          lost.lastSeq());
      expectedSeq = buffered.seq();
      return Optional.of(lost);
    }
  }

  private void consumeBuffered() {
    lastIndex = bufferedIndex;
    buffered = null;
  }

  private void readOne() {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (dc.isPresent()) {
        bufferedIndex = dc.index();
        buffered = ExcerptLayout.read(dc.wire().bytes(), bufferedIndex);
      }
    }
  }

  /** Chronicle index of the last reading consumed by {@link #next()}; -1 before the first. */
  public long lastIndex() {
    return lastIndex;
  }

  /** Positions the cursor on the first entry after {@code acked}. */
  public void rewindTo(AckedPosition acked) {
    lastIndex = -1;
    buffered = null;
    expectedSeq = acked.seq() + 1;
    if (acked.seq() > 0
        && acked.index() >= 0
        && tailer.moveToIndex(acked.index())
        && seqAtCursor() <= acked.seq()) {
      lastIndex = acked.index();
      return; // the hinted excerpt was consumed; later readings <= acked are skipped by next()
    }
    tailer.toStart();
  }

  /**
   * Positions the cursor after the last excerpt of the queue; the next entry it returns starts at
   * {@code nextSeq}. Called by {@link Outbox#moveToEnd} under the outbox's lock (no append
   * between).
   */
  void toEnd(long nextSeq) {
    lastIndex = -1;
    buffered = null;
    expectedSeq = nextSeq;
    tailer.toEnd();
  }

  private long seqAtCursor() {
    try (DocumentContext dc = tailer.readingDocument()) {
      return dc.isPresent() ? ExcerptLayout.readSeq(dc.wire().bytes(), dc.index()) : -1;
    }
  }

  @Override
  public void close() {
    tailer.close();
  }
}
