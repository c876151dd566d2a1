package io.tern.agent.outbox;

/**
 * How full the outbox is, for status messages.
 *
 * @param usedBytes bytes of the queue files still kept (unacknowledged data and the current file)
 * @param maxBytes the byte budget
 * @param oldestUnsentAgeMs age of the oldest stored reading not yet acknowledged; 0 if none
 * @param dropped readings dropped unsent since the outbox was created, per reason
 * @param offlineBudgetMs estimate of how long the device can stay offline at its recent append rate
 *     before the budget forces drops; -1 when unknown (no recent appends)
 */
public record OutboxHealth(
    long usedBytes,
    long maxBytes,
    long oldestUnsentAgeMs,
    DropCounts dropped,
    long offlineBudgetMs) {}
