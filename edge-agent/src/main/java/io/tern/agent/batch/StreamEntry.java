package io.tern.agent.batch;

/**
 * One element of a device stream as read back from the outbox: a {@link Reading} (one seq) or a
 * {@link Gap} (a run of seqs dropped unsent). Together they cover every seq of the stream, in
 * order.
 */
public sealed interface StreamEntry permits Reading, Gap {
  /** First seq this entry covers. */
  long firstSeq();

  /** Last seq this entry covers (equal to {@link #firstSeq()} for a reading). */
  long lastSeq();
}
