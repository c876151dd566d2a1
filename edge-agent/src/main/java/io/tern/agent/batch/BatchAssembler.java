package io.tern.agent.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects entries read from the outbox (readings, and gaps of seqs dropped unsent) into the next
 * batch and decides when it is due: when it holds {@code maxReadings} entries, or when its first
 * entry has waited {@code lingerMs}.
 *
 * <p>Not thread-safe: owned by the publisher thread. Time is passed in (epoch ms of the publisher's
 * clock), so the linger rule is tested without sleeping.
 */
public final class BatchAssembler {
  private final int maxReadings;
  private final long lingerMs;
  private final List<StreamEntry> pending;
  private long firstAddedAtMs;
  private long lastPosition;

  public BatchAssembler(int maxReadings, long lingerMs) {
    if (maxReadings < 1) {
      throw new IllegalArgumentException("maxReadings must be >= 1, got " + maxReadings);
    }
    if (lingerMs < 0) {
      throw new IllegalArgumentException("lingerMs must be >= 0, got " + lingerMs);
    }
    this.maxReadings = maxReadings;
    this.lingerMs = lingerMs;
    this.pending = new ArrayList<>(Math.min(maxReadings, 1024));
  }

  /**
   * Adds the next entry of the stream (a reading or a gap).
   *
   * @param position opaque outbox position of the last reading read (see {@link
   *     Batch#resumePosition()})
   * @param nowMs current time of the publisher's clock
   */
  public void add(StreamEntry entry, long position, long nowMs) {
    if (isFull()) {
      throw new IllegalStateException("batch already holds " + maxReadings + " readings");
    }
    if (!pending.isEmpty() && entry.firstSeq() != lastSeq() + 1) {
      throw new IllegalArgumentException(
          "expected seq " + (lastSeq() + 1) + " but got " + entry.firstSeq());
    }
    if (pending.isEmpty()) {
      firstAddedAtMs = nowMs;
    }
    pending.add(entry);
    lastPosition = position;
  }

  public boolean isEmpty() {
    return pending.isEmpty();
  }

  public boolean isFull() {
    return pending.size() >= maxReadings;
  }

  /** Last seq of the pending entries; only meaningful when not empty. */
  public long lastSeq() {
    return pending.get(pending.size() - 1).lastSeq();
  }

  /** When the pending readings are due even if the batch is not full; Long.MAX_VALUE if empty. */
  public long dueAtMs() {
    return pending.isEmpty() ? Long.MAX_VALUE : firstAddedAtMs + lingerMs;
  }

  /** True when the pending readings should be sent now. */
  public boolean isDue(long nowMs) {
    return !pending.isEmpty() && (isFull() || nowMs >= dueAtMs());
  }

  /** Removes and returns the pending readings as a batch. */
  public Batch take(boolean backlog) {
    Batch batch = new Batch(pending, backlog, lastPosition);
    pending.clear();
    return batch;
  }

  /** Forgets the pending readings (they stay in the outbox and are read again on replay). */
  public void clear() {
    pending.clear();
  }
}
