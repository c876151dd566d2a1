package io.tern.agent.outbox;

import io.tern.agent.batch.Reading;
import java.util.Optional;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads the outbox in seq order from a position. Used by one thread only (the publisher thread
 * creates, reads and closes it).
 */
public final class OutboxCursor implements AutoCloseable {
  private final ExcerptTailer tailer;
  private long lastIndex = -1;

  OutboxCursor(ExcerptTailer tailer) {
    this.tailer = tailer;
  }

  /** The next reading, or empty when the cursor is at the end of the outbox. */
  public Optional<Reading> next() {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return Optional.empty();
      }
      lastIndex = dc.index();
      return Optional.of(ExcerptLayout.read(dc.wire().bytes(), lastIndex));
    }
  }

  /** Chronicle index of the reading last returned by {@link #next()}; -1 before the first. */
  public long lastIndex() {
    return lastIndex;
  }

  /** Positions the cursor on the first reading after {@code acked}. */
  public void rewindTo(AckedPosition acked) {
    lastIndex = -1;
    if (acked.seq() == 0) {
      tailer.toStart();
      return;
    }
    if (acked.index() >= 0 && tailer.moveToIndex(acked.index()) && seqAtCursor() == acked.seq()) {
      lastIndex = acked.index();
      return; // the acked excerpt was consumed: positioned right after it
    }
    // The hint is missing or stale: scan from the start (readings are few on an edge device).
    tailer.toStart();
    while (true) {
      long index;
      long seq;
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          return;
        }
        index = dc.index();
        seq = ExcerptLayout.readSeq(dc.wire().bytes(), index);
      }
      if (seq > acked.seq()) {
        tailer.moveToIndex(index);
        return;
      }
      lastIndex = index;
    }
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
