package io.tern.bridge.delivery;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The log of gateway outputs, read in order from a durable position. All methods are called by the
 * delivery thread only.
 */
public interface OutputSource extends AutoCloseable {

  /**
   * Moves reading to right after {@code position} (a {@link SourceBatch#lastPosition()} stored by
   * the sink) and records it as committed; when empty, to right after the source's own committed
   * position. Entries read but not committed are read again.
   */
  void resumeAfter(OptionalLong position);

  /**
   * Reads up to {@code maxEntries} entries after those already returned, without waiting; empty
   * when nothing new is there (or the log does not exist yet).
   */
  Optional<SourceBatch> poll(int maxEntries);

  /** Durably records that everything up to and including {@code batch} is delivered. */
  void commit(SourceBatch batch);

  /** Entries in the log after the committed position (cheap estimate). */
  long lag();

  /**
   * Entries that vanished from the log before they were delivered (deleted over the log's budget),
   * counted since this source was created; delivery went on with the next entry still there.
   */
  default long gapEntries() {
    return 0;
  }

  @Override
  void close();
}
