package io.tern.agent.batch;

/** Why readings were dropped unsent (mirrors the wire enum {@code tern.v1.GapReason}). */
public enum GapReason {
  /** drop-oldest: the outbox reached its byte budget. */
  BUDGET_BYTES,
  /** drop-oldest: the readings were older than the age budget. */
  BUDGET_AGE,
  /** reject-new: the outbox was full when the reading came. */
  REJECTED_NEW,
  /** The disk failed (full, read-only, I/O error) when the reading was appended. */
  DISK_ERROR
}
