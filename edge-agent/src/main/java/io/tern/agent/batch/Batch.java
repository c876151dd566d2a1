package io.tern.agent.batch;

import java.util.List;

/**
 * Consecutive readings of one stream sent as one message.
 *
 * @param readings at least one reading, seqs strictly consecutive
 * @param backlog true when the batch drains readings buffered before the current connection
 * @param resumePosition opaque outbox position of the last reading; once the batch is acknowledged,
 *     replay resumes right after it
 */
public record Batch(List<Reading> readings, boolean backlog, long resumePosition) {
  public Batch {
    readings = List.copyOf(readings);
    if (readings.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one reading");
    }
    for (int i = 1; i < readings.size(); i++) {
      if (readings.get(i).seq() != readings.get(i - 1).seq() + 1) {
        throw new IllegalArgumentException(
            "batch seqs must be consecutive: "
                + readings.get(i - 1).seq()
                + " then "
                + readings.get(i).seq());
      }
    }
  }

  public long firstSeq() {
    return readings.get(0).seq();
  }

  public long lastSeq() {
    return readings.get(readings.size() - 1).seq();
  }

  public int size() {
    return readings.size();
  }
}
