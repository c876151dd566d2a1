package io.tern.agent.outbox;

import io.tern.agent.batch.GapReason;

/** Readings dropped unsent since the outbox was created, per reason. */
public record DropCounts(long budgetBytes, long budgetAge, long rejectedNew, long diskError) {
  public static final DropCounts NONE = new DropCounts(0, 0, 0, 0);

  public long total() {
    return budgetBytes + budgetAge + rejectedNew + diskError;
  }

  public long of(GapReason reason) {
    return switch (reason) {
      case BUDGET_BYTES -> budgetBytes;
      case BUDGET_AGE -> budgetAge;
      case REJECTED_NEW -> rejectedNew;
      case DISK_ERROR -> diskError;
    };
  }

  /** These counts plus {@code n} readings of {@code reason}. */
  public DropCounts plus(GapReason reason, long n) {
    return switch (reason) {
      case BUDGET_BYTES -> new DropCounts(budgetBytes + n, budgetAge, rejectedNew, diskError);
      case BUDGET_AGE -> new DropCounts(budgetBytes, budgetAge + n, rejectedNew, diskError);
      case REJECTED_NEW -> new DropCounts(budgetBytes, budgetAge, rejectedNew + n, diskError);
      case DISK_ERROR -> new DropCounts(budgetBytes, budgetAge, rejectedNew, diskError + n);
    };
  }
}
