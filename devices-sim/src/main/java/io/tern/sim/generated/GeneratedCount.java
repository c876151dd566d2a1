package io.tern.sim.generated;

/**
 * How many readings the simulator recorded (handed to an agent) for one series with event times in
 * {@code [bucketStartMs, bucketStartMs + bucketMs)}. Buckets are aligned to the epoch, like the
 * gateway's rollup windows, so any window size that is a multiple of {@code bucketMs} can be
 * rebuilt exactly from them.
 */
public record GeneratedCount(
    String deviceId, String metric, long bucketStartMs, long bucketMs, long count) {

  public GeneratedCount {
    if (bucketMs < 1) {
      throw new IllegalArgumentException("bucketMs must be >= 1, was " + bucketMs);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
  }
}
