package io.tern.bench.ingest;

/**
 * A snapshot of the load generator's counters since the fleet started.
 *
 * @param messagesSent batches published for the first time (retries not counted)
 * @param readingsSent readings in those batches
 * @param messagesAcked batches acknowledged with a success PUBACK
 * @param readingsAcked readings in those batches
 * @param refused PUBACKs with an error reason code (the batch is retried after a pause)
 * @param errors publishes that failed without a PUBACK (e.g. connection lost); their readings are
 *     neither acked nor retried
 * @param inflight batches published and not yet acknowledged, retries included
 * @param backlog batches due (rate mode) but waiting for a free in-flight slot
 */
public record FleetTotals(
    long messagesSent,
    long readingsSent,
    long messagesAcked,
    long readingsAcked,
    long refused,
    long errors,
    long inflight,
    long backlog) {}
