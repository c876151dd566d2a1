package io.tern.agent.publish;

import io.tern.agent.batch.Batch;
import io.tern.agent.batch.BatchAssembler;
import io.tern.agent.batch.Gap;
import io.tern.agent.batch.StreamEntry;
import io.tern.agent.outbox.AckedPosition;
import io.tern.agent.outbox.OutboxCursor;
import java.util.Optional;

/**
 * One lane of the stream: reads the outbox in seq order up to an end seq, skips what the gateway
 * already acknowledged (the {@link AckLedger}'s ranges above the prefix), cuts batches and counts
 * its batches in flight. The backlog lane sends what it has at once and marks its batches {@code
 * backlog}; the live lane lingers for a batch to fill.
 *
 * <p>Not thread-safe: created, used and closed by the publisher thread.
 */
final class Lane implements AutoCloseable {
  private final boolean backlog;
  private final OutboxCursor cursor;
  private final BatchAssembler assembler;
  private long endSeq = Long.MAX_VALUE;
  private boolean exhausted;
  private boolean cut;
  private StreamEntry next;
  private long nextPosition;
  private int inFlight;

  /**
   * @param backlog true for the backlog lane (no lingering, batches marked backlog)
   * @param cursor the lane's own cursor on the outbox
   */
  Lane(boolean backlog, OutboxCursor cursor, int batchMaxReadings, long lingerMs) {
    this.backlog = backlog;
    this.cursor = cursor;
    this.assembler = new BatchAssembler(batchMaxReadings, backlog ? 0 : lingerMs);
  }

  OutboxCursor cursor() {
    return cursor;
  }

  /**
   * Starts the lane for a new connection: after {@code from} (null: where the cursor already is),
   * up to {@code endSeq} inclusive.
   */
  void restart(AckedPosition from, long endSeq) {
    if (from != null) {
      cursor.rewindTo(from);
    }
    this.endSeq = endSeq;
    exhausted = from != null && from.seq() >= endSeq;
    clear();
  }

  /** Forgets the pending readings and the batches in flight (connection lost). */
  void clear() {
    assembler.clear();
    next = null;
    cut = false;
    inFlight = 0;
  }

  /**
   * Reads what the outbox has into the next batch.
   *
   * @return true when that batch should go now (full, cut by an acknowledged range, backlog,
   *     lingered long enough, or {@code flush})
   */
  boolean ready(long nowMs, boolean flush, AckLedger acked) {
    while (!assembler.isFull() && !cut) {
      if (next == null && !readNext(acked)) {
        break;
      }
      if (!assembler.isEmpty() && next.firstSeq() != assembler.lastSeq() + 1) {
        cut = true; // an acknowledged range lies between: the batch ends here
        break;
      }
      assembler.add(next, nextPosition, nowMs);
      next = null;
    }
    return !assembler.isEmpty() && (backlog || flush || cut || assembler.isDue(nowMs));
  }

  /** Removes and returns the batch {@link #ready} prepared; it counts as in flight from now. */
  Batch take() {
    cut = false;
    Batch batch = assembler.take(backlog);
    inFlight++;
    return batch;
  }

  void acked() {
    inFlight--;
  }

  int inFlight() {
    return inFlight;
  }

  /** Readings waiting to be sent (read into the next batch or just read). */
  boolean waiting() {
    return !assembler.isEmpty() || next != null;
  }

  /** Batches in flight or readings waiting. */
  boolean active() {
    return inFlight > 0 || waiting();
  }

  /** When the pending batch is due; Long.MAX_VALUE when there is none. */
  long dueAtMs() {
    if (assembler.isEmpty()) {
      return Long.MAX_VALUE;
    }
    return backlog || cut ? 0 : assembler.dueAtMs();
  }

  /** The next entry of the lane, skipping acknowledged seqs; false when there is none yet. */
  private boolean readNext(AckLedger acked) {
    while (!exhausted) {
      Optional<StreamEntry> read = cursor.next();
      if (read.isEmpty()) {
        return false;
      }
      StreamEntry entry = read.get();
      if (entry.firstSeq() > endSeq) {
        exhausted = true;
        return false;
      }
      AckLedger.Range done = acked.covering(entry.firstSeq());
      if (done != null) {
        skip(done);
        continue;
      }
      nextPosition = cursor.lastIndex();
      AckLedger.Range ahead = acked.after(entry.firstSeq());
      long limit = ahead == null ? endSeq : Math.min(endSeq, ahead.firstSeq() - 1);
      if (entry.lastSeq() > limit) {
        // Only a gap spans seqs: send the part before the limit.
        Gap gap = (Gap) entry;
        entry = new Gap(gap.firstSeq(), limit, gap.reason());
        if (limit == endSeq) {
          exhausted = true;
        } else {
          skip(ahead);
        }
      }
      next = entry;
      return true;
    }
    return false;
  }

  /** Moves the cursor past an acknowledged range (re-reading a gap that continues after it). */
  private void skip(AckLedger.Range done) {
    cursor.rewindTo(new AckedPosition(done.lastSeq(), done.position()));
  }

  @Override
  public void close() {
    cursor.close();
  }
}
