package io.tern.bridge.sink;

/**
 * A batch could not be made durable. {@code retriable} failures (sink unreachable, timeouts) are
 * expected to heal by themselves; others need attention (authorization, configuration), but the
 * bridge still never drops the batch.
 */
public final class SinkException extends Exception {

  private final boolean retriable;

  public SinkException(String message, boolean retriable, Throwable cause) {
    super(message, cause);
    this.retriable = retriable;
  }

  public boolean retriable() {
    return retriable;
  }
}
