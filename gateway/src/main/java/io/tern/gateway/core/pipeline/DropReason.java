package io.tern.gateway.core.pipeline;

/** Why the {@link Pipeline} left a reading (partly) out of its outputs. */
public enum DropReason {
  /** Its {@code (deviceId, streamEpoch, seq)} was seen before. */
  DUPLICATE,
  /** Its seq is too far below its stream's high-water mark to tell: treated as a duplicate. */
  BEYOND_DEDUPE_WINDOW,
  /**
   * Its window (of at least one size) was emitted and is no longer retained, so it could not be
   * corrected; larger window sizes that still retain theirs did count it.
   */
  TOO_LATE
}
