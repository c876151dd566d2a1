package io.tern.gateway.core.model;

/** Why an agent dropped readings unsent (mirrors the wire's {@code tern.v1.GapReason}). */
public enum GapReason {
  // In the order of the wire's tern.v1.GapReason numbers: ordinal = number.
  /** The agent did not say. */
  UNSPECIFIED,
  /** drop-oldest: the outbox reached its byte budget. */
  BUDGET_BYTES,
  /** drop-oldest: readings older than the outbox's age budget. */
  BUDGET_AGE,
  /** reject-new: the outbox was full when the reading came. */
  REJECTED_NEW,
  /** The disk failed (full, read-only, I/O error) when the reading was appended. */
  DISK_ERROR
}
