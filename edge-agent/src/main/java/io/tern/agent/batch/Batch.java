package io.tern.agent.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive entries of one stream sent as one message: readings and gaps (seqs dropped unsent),
 * together covering {@link #firstSeq()}..{@link #lastSeq()} without holes or overlaps.
 *
 * @param entries at least one entry, in seq order, each starting right after the previous one
 * @param backlog true when the batch drains readings buffered before the current connection
 * @param resumePosition opaque outbox position of the last reading; once the batch is acknowledged,
 *     replay resumes right after it
 */
public record Batch(List<? extends StreamEntry> entries, boolean backlog, long resumePosition) {
  public Batch {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one entry");
    }
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i).firstSeq() != entries.get(i - 1).lastSeq() + 1) {
        throw new IllegalArgumentException(
            "batch seqs must be consecutive: "
                + entries.get(i - 1).lastSeq()
                + " then "
                + entries.get(i).firstSeq());
      }
    }
  }

  /** The readings of the batch, in seq order (possibly none when it only reports gaps). */
  public List<Reading> readings() {
    List<Reading> out = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      if (entry instanceof Reading reading) {
        out.add(reading);
      }
    }
    return out;
  }

  /** The gaps of the batch, in seq order. */
  public List<Gap> gaps() {
    List<Gap> out = new ArrayList<>(2);
    for (StreamEntry entry : entries) {
      if (entry instanceof Gap gap) {
        out.add(gap);
      }
    }
    return out;
  }

  public long firstSeq() {
    return entries.get(0).firstSeq();
  }

  public long lastSeq() {
    return entries.get(entries.size() - 1).lastSeq();
  }

  /** Number of entries (readings and gaps). */
  public int size() {
    return entries.size();
  }
}
