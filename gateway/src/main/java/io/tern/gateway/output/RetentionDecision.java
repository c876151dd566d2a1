package io.tern.gateway.output;

import java.util.List;

/**
 * Which cycles of the output log to delete now, and what that costs.
 *
 * @param delete the cycles to delete, oldest first (a prefix of the log; never its newest cycle)
 * @param undelivered entries among them that some registered consumer had not delivered yet (all
 *     their entries when no consumer is registered)
 * @param firstUndelivered index of the first of those entries, or -1 if there is none
 * @param lastUndelivered index of the last of those entries, or -1 if there is none
 */
public record RetentionDecision(
    List<LogCycle> delete, long undelivered, long firstUndelivered, long lastUndelivered) {

  /** Nothing to delete. */
  public static final RetentionDecision KEEP_ALL = new RetentionDecision(List.of(), 0, -1, -1);

  public RetentionDecision {
    delete = List.copyOf(delete);
  }
}
