package io.tern.gateway.core.snapshot;

import java.io.IOException;

/**
 * A state snapshot is intact but cannot be used here: not a snapshot at all (wrong magic), written
 * in a format version this build does not read, or taken under settings that give its state another
 * meaning (window sizes, dedupe range cap, quantiles...). The message names both values.
 */
public final class IncompatibleSnapshotException extends IOException {
  private static final long serialVersionUID = 1L;

  public IncompatibleSnapshotException(String message) {
    super(message);
  }
}
