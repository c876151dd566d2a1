package io.tern.agent.batch;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Batches sent and not yet acknowledged, in send order, and the acknowledged position of the
 * stream: the end of the longest acknowledged prefix. A batch acknowledged ahead of an earlier one
 * does not move the position until the earlier one is acknowledged too.
 *
 * <p>Not thread-safe: owned by the publisher thread.
 */
public final class InFlightWindow {
  private final Deque<Entry> inFlight = new ArrayDeque<>();
  private long ackedSeq;
  private long ackedPosition;
  private long batchesAcked;

  /**
   * @param ackedSeq highest seq already acknowledged (0 if none)
   * @param ackedPosition opaque outbox position of that reading
   */
  public InFlightWindow(long ackedSeq, long ackedPosition) {
    if (ackedSeq < 0) {
      throw new IllegalArgumentException("ackedSeq must be >= 0, got " + ackedSeq);
    }
    this.ackedSeq = ackedSeq;
    this.ackedPosition = ackedPosition;
  }

  /** Records that a batch was sent; batches must be sent in seq order without gaps. */
  public void sent(Batch batch) {
    long expected = inFlight.isEmpty() ? ackedSeq + 1 : inFlight.peekLast().lastSeq + 1;
    if (batch.firstSeq() != expected) {
      throw new IllegalArgumentException(
          "batch starts at seq " + batch.firstSeq() + " but the window expects " + expected);
    }
    inFlight.addLast(new Entry(batch.firstSeq(), batch.lastSeq(), batch.resumePosition()));
  }

  /**
   * Marks the batch starting at {@code firstSeq} acknowledged.
   *
   * @return true if the acknowledged position moved
   */
  public boolean ack(long firstSeq) {
    Entry match = null;
    for (Entry entry : inFlight) {
      if (entry.firstSeq == firstSeq) {
        match = entry;
        break;
      }
    }
    if (match == null || match.acked) {
      return false;
    }
    match.acked = true;
    batchesAcked++;
    boolean moved = false;
    while (!inFlight.isEmpty() && inFlight.peekFirst().acked) {
      Entry head = inFlight.removeFirst();
      ackedSeq = head.lastSeq;
      ackedPosition = head.position;
      moved = true;
    }
    return moved;
  }

  /** Forgets every batch in flight (connection lost: they will be sent again). */
  public void clear() {
    inFlight.clear();
  }

  public int size() {
    return inFlight.size();
  }

  public long ackedSeq() {
    return ackedSeq;
  }

  public long ackedPosition() {
    return ackedPosition;
  }

  /** Batches acknowledged since this window was created. */
  public long batchesAcked() {
    return batchesAcked;
  }

  private static final class Entry {
    final long firstSeq;
    final long lastSeq;
    final long position;
    boolean acked;

    Entry(long firstSeq, long lastSeq, long position) {
      this.firstSeq = firstSeq;
      this.lastSeq = lastSeq;
      this.position = position;
    }
  }
}
