package io.tern.bridge.sink;

/**
 * A batch could not be made durable. {@link Kind#RETRIABLE} failures (sink unreachable, timeouts)
 * are expected to heal by themselves; {@link Kind#NEEDS_ATTENTION} ones (authorization,
 * configuration) are retried too, but logged as errors; the bridge never drops the batch. {@link
 * Kind#FATAL} means this bridge must stop (e.g. another bridge with the same id took over).
 */
public final class SinkException extends Exception {

  /** How the delivery loop reacts. */
  public enum Kind {
    RETRIABLE,
    NEEDS_ATTENTION,
    FATAL
  }

  private final Kind kind;

  public SinkException(String message, Kind kind, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public SinkException(String message, boolean retriable, Throwable cause) {
    this(message, retriable ? Kind.RETRIABLE : Kind.NEEDS_ATTENTION, cause);
  }

  public Kind kind() {
    return kind;
  }

  public boolean retriable() {
    return kind == Kind.RETRIABLE;
  }

  public boolean fatal() {
    return kind == Kind.FATAL;
  }
}
