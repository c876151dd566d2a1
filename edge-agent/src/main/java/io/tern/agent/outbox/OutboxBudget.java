package io.tern.agent.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Disk budget of an outbox. Bytes are enforced at append time; age is an expiry: readings older
 * than {@code maxAge} are dropped unsent under either policy (only whole outbox files are deleted,
 * see {@link #segmentBytes()} and {@link #segmentAgeMs()} for the precision).
 *
 * @param maxBytes most bytes of queue files (acknowledged files are deleted at once); at least 1
 *     MiB
 * @param maxAge oldest a stored reading may get before it is dropped; at least 1 s
 * @param policy what to do when a reading does not fit in {@code maxBytes}
 */
public record OutboxBudget(long maxBytes, Duration maxAge, BufferPolicy policy) {
  public static final long MIN_BYTES = 1L << 20;
  public static final OutboxBudget DEFAULT =
      new OutboxBudget(1L << 30, Duration.ofDays(7), BufferPolicy.DROP_OLDEST);
  private static final long MIN_SEGMENT_BYTES = 128L << 10;
  private static final long MAX_SEGMENT_BYTES = 64L << 20;

  public OutboxBudget {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(policy, "policy");
    if (maxBytes < MIN_BYTES) {
      throw new IllegalArgumentException(
          "max buffer bytes must be at least " + MIN_BYTES + " (1 MiB), got " + maxBytes);
    }
    if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("max buffer age must be at least 1s, got " + maxAge);
    }
  }

  /**
   * Size at which the outbox starts a new queue file: 1/16 of the budget (128 KiB..64 MiB), so a
   * drop frees about 6% of the budget and the budget holds within one file.
   */
  public long segmentBytes() {
    return Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16));
  }

  /** Age at which the outbox starts a new queue file: 1/16 of the age budget. */
  public long segmentAgeMs() {
    return Math.max(1, maxAge.toMillis() / 16);
  }
}
