package io.tern.agent.batch;

import java.util.Objects;

/**
 * One reading of one device stream, as stored in the outbox and sent in a batch.
 *
 * @param seq position in the device stream, 1 for the first reading of a stream epoch
 * @param metric metric name (validated by the agent before it reaches the outbox)
 * @param value the measured value; any double, non-finite values are the gateway's to judge
 * @param eventTimeMs when the value was measured, epoch milliseconds (event time)
 */
public record Reading(long seq, String metric, double value, long eventTimeMs)
    implements StreamEntry {
  public Reading {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, got " + seq);
    }
    Objects.requireNonNull(metric, "metric");
  }

  @Override
  public long firstSeq() {
    return seq;
  }

  @Override
  public long lastSeq() {
    return seq;
  }
}
