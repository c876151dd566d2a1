package io.tern.gateway.output;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The retention rule of the output log, pure: cycles that every registered consumer has fully
 * delivered are deleted; beyond that, the oldest cycles are deleted while the log is over its byte
 * budget or older than its age budget, delivered or not (and the undelivered entries are counted).
 * The newest cycle (being appended to) is never deleted. With no consumer registered, only the
 * budget deletes. Thread-safe (stateless).
 */
public final class RetentionPlan {

  private RetentionPlan() {}

  /**
   * @param cycles the log's cycles, oldest first
   * @param consumerPositions per registered consumer, the index of the last entry it delivered
   * @param nowMs the current time (epoch ms), for the age budget
   */
  public static RetentionDecision decide(
      List<LogCycle> cycles,
      Collection<Long> consumerPositions,
      RetentionBudget budget,
      long nowMs) {
    if (cycles.size() < 2) {
      return RetentionDecision.KEEP_ALL;
    }
    boolean registered = !consumerPositions.isEmpty();
    long slowest = consumerPositions.stream().mapToLong(Long::longValue).min().orElse(-1);
    long keptBytes = cycles.stream().mapToLong(LogCycle::bytes).sum();
    long expiredBefore = nowMs - budget.maxAge().toMillis();
    List<LogCycle> delete = new ArrayList<>();
    long undelivered = 0;
    long firstUndelivered = -1;
    long lastUndelivered = -1;
    for (LogCycle cycle : cycles.subList(0, cycles.size() - 1)) {
      long pending = registered ? cycle.entriesAfter(slowest) : cycle.entries();
      boolean delivered = registered && pending == 0;
      boolean overBudget = keptBytes > budget.maxBytes() || cycle.endMs() < expiredBefore;
      if (!delivered && !overBudget) {
        break;
      }
      delete.add(cycle);
      keptBytes -= cycle.bytes();
      if (pending > 0) {
        undelivered += pending;
        if (firstUndelivered < 0) {
          firstUndelivered = cycle.lastIndex() - pending + 1;
        }
        lastUndelivered = cycle.lastIndex();
      }
    }
    return delete.isEmpty()
        ? RetentionDecision.KEEP_ALL
        : new RetentionDecision(delete, undelivered, firstUndelivered, lastUndelivered);
  }

  /** Entries of {@code cycles} after {@code position}: the lag of a consumer there. */
  public static long entriesAfter(List<LogCycle> cycles, long position) {
    return cycles.stream().mapToLong(c -> c.entriesAfter(position)).sum();
  }
}
