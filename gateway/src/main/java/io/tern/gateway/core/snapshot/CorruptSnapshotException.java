package io.tern.gateway.core.snapshot;

import java.io.IOException;

/**
 * A state snapshot cannot be read: truncated, damaged (checksum), or internally inconsistent. The
 * snapshot is unusable; recovery falls back to an older snapshot or to a replay from the journal's
 * start.
 */
public final class CorruptSnapshotException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptSnapshotException(String message) {
    super(message);
  }

  public CorruptSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
