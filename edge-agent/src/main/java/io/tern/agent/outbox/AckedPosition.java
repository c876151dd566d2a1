package io.tern.agent.outbox;

/**
 * How far the gateway has acknowledged the stream.
 *
 * @param seq highest seq acknowledged; 0 when nothing was acknowledged yet
 * @param index Chronicle index of the excerpt holding {@code seq} (a hint to resume replay without
 *     scanning; ignored when it does not match)
 */
public record AckedPosition(long seq, long index) {
  public static final AckedPosition NONE = new AckedPosition(0, -1);

  public AckedPosition {
    if (seq < 0) {
      throw new IllegalArgumentException("acked seq must be >= 0, got " + seq);
    }
  }
}
