package io.tern.gateway.core.dedupe;

/** What {@link Dedupe} decided about one reading. */
public enum DedupeVerdict {
  /** First time this {@code (deviceId, streamEpoch, seq)} is seen: process it. */
  FRESH,
  /** Seen before (QoS 1 redelivery, agent replay): drop it. */
  DUPLICATE,
  /**
   * Its seq is at least the window size below the stream's high-water mark, so whether it was seen
   * is no longer known: a duplicate, or a reading so far out of order that it is treated as one.
   * Dropped and counted apart from plain duplicates.
   */
  BEYOND_WINDOW
}
