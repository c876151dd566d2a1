package io.tern.agent.batch;

import java.util.Objects;

/**
 * Seqs {@code firstSeq..lastSeq} (inclusive) of the stream, dropped unsent: they got a seq but will
 * never be sent, and the gateway is told so.
 */
public record Gap(long firstSeq, long lastSeq, GapReason reason) implements StreamEntry {
  public Gap {
    Objects.requireNonNull(reason, "reason");
    if (firstSeq < 1 || lastSeq < firstSeq) {
      throw new IllegalArgumentException("invalid gap " + firstSeq + ".." + lastSeq);
    }
  }

  /** Number of seqs in the gap. */
  public long size() {
    return lastSeq - firstSeq + 1;
  }

  /** True when {@code next} starts right after this gap with the same reason. */
  public boolean mergesWith(Gap next) {
    return next.reason == reason && next.firstSeq == lastSeq + 1;
  }
}
