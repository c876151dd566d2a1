package io.tern.bridge.sink;

import io.tern.bridge.output.Output;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where the bridge delivers outputs: {@code kafka.KafkaSink} (exactly-once or at-least-once),
 * {@code file.FileSink} (NDJSON, exactly-once) and {@code mqtt.MqttSink} (remote broker,
 * at-least-once).
 *
 * <p>Protocol, driven by one delivery thread: {@link #resumePosition} first (and again after any
 * failure) tells where the source must resume; {@link #deliver} hands over a batch together with
 * the source position of its last entry (it may return before the outputs are durable); {@link
 * #flush} blocks until everything handed over is durable. Only after {@code flush} returns normally
 * may the caller advance its own read position.
 *
 * <p>An at-least-once sink keeps no positions: {@code resumePosition} is empty and the source's own
 * committed position counts (a crash between flush and the source's commit repeats a batch). An
 * exactly-once sink stores the position atomically with the outputs (one transaction begun in
 * {@code deliver} and committed in {@code flush}), so its {@code resumePosition} is the truth.
 */
public interface Sink extends AutoCloseable {

  /**
   * Connects if needed and returns the source position stored with the last durable batch: the
   * source resumes right after it. Empty when the sink stores no positions or has none yet (the
   * source's own committed position then counts). Also serves as the reachability probe.
   */
  OptionalLong resumePosition() throws SinkException;

  /**
   * Hands {@code batch} over; {@code lastPosition} is the source position of the batch's last entry
   * (the batch may be empty when all its entries were undecodable).
   */
  void deliver(List<Output> batch, long lastPosition) throws SinkException;

  /** Blocks until every output handed over since the last flush is durable. */
  void flush() throws SinkException;

  /** Releases resources; outputs not flushed may be lost (they will be delivered again). */
  @Override
  void close();
}
