package io.tern.bridge.sink;

import io.tern.bridge.output.Output;
import java.util.List;

/**
 * Where the bridge delivers outputs (Kafka today; files or other systems later).
 *
 * <p>Protocol, driven by one delivery thread: {@link #deliver} hands over a batch (it may return
 * before the outputs are durable), {@link #flush} blocks until everything handed over is durable.
 * Only after {@code flush} returns normally may the caller advance its read position, which gives
 * at-least-once delivery. After a {@link SinkException} the caller hands the same batch over again.
 * A transactional sink would begin its transaction in {@code deliver} and commit it in {@code
 * flush}.
 */
public interface Sink extends AutoCloseable {

  /** Hands {@code batch} over. An empty batch only checks that the sink is reachable. */
  void deliver(List<Output> batch) throws SinkException;

  /** Blocks until every output handed over since the last flush is durable. */
  void flush() throws SinkException;

  /** Releases resources; outputs not flushed may be lost (they will be delivered again). */
  @Override
  void close();
}
