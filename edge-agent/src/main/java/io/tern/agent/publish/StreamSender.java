package io.tern.agent.publish;

import io.tern.agent.batch.Batch;
import io.tern.agent.batch.BatchAssembler;
import io.tern.agent.batch.InFlightWindow;
import io.tern.agent.batch.StreamEntry;
import io.tern.agent.outbox.AckedPosition;
import io.tern.agent.outbox.Outbox;
import io.tern.agent.outbox.OutboxCursor;
import io.tern.agent.wire.TelemetryMapper;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * What to send next: reads the outbox after the acknowledged position, cuts batches, and tracks the
 * batches in flight on the current connection. After a drop, {@link #rewind} goes back to the
 * acknowledged position so the next connection replays everything unacknowledged.
 *
 * <p>Not thread-safe: created, used and closed by the publisher thread.
 */
final class StreamSender implements AutoCloseable {
  private static final long BUSY_RETRY_MS = 5;

  private final PublisherSettings settings;
  private final Outbox outbox;
  private final InFlightWindow window;
  private final BatchAssembler assembler;
  private final OutboxCursor cursor;
  private long replayUntilSeq;
  private int windowLimit = 1;
  private Batch heldBatch;
  private long heldUntilMs;

  StreamSender(PublisherSettings settings, Outbox outbox) {
    this.settings = settings;
    this.outbox = outbox;
    AckedPosition acked = outbox.ackedAtOpen();
    this.window = new InFlightWindow(acked.seq(), acked.index());
    this.assembler = new BatchAssembler(settings.batchMaxReadings(), settings.linger().toMillis());
    this.cursor = outbox.cursorAfter(acked);
  }

  /**
   * A connection is up: what the outbox holds now is backlog (sent without lingering).
   *
   * @param windowLimit most batches in flight on this connection
   */
  void connectionUp(int windowLimit) {
    this.windowLimit = windowLimit;
    this.replayUntilSeq = outbox.lastSeq();
  }

  /**
   * Publishes due batches while the in-flight window has room.
   *
   * @param flush send partial batches now (closing)
   * @throws MqttException if a publish failed: the connection must be dropped
   */
  void pump(MqttSession session, long nowMs, boolean flush) throws MqttException {
    while (window.size() < windowLimit) {
      if (heldBatch == null) {
        fillAssembler(nowMs);
        if (assembler.isEmpty()) {
          return;
        }
        boolean backlog = assembler.lastSeq() <= replayUntilSeq;
        if (!backlog && !flush && !assembler.isDue(nowMs)) {
          return;
        }
        heldBatch = assembler.take(backlog);
      } else if (nowMs < heldUntilMs) {
        return;
      }
      byte[] payload =
          TelemetryMapper.encode(settings.deviceId(), outbox.streamEpoch(), heldBatch, nowMs);
      try {
        session.publishBatch(settings.telemetryTopic(), payload, heldBatch.firstSeq());
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
          throw e;
        }
        heldUntilMs = nowMs + BUSY_RETRY_MS; // Paho has not freed a slot yet: retry shortly
        return;
      }
      window.sent(heldBatch);
      heldBatch = null;
    }
  }

  private void fillAssembler(long nowMs) {
    while (!assembler.isFull()) {
      // Hook (disk budget, outbox owner): entries are readings or gaps of seqs dropped unsent.
      Optional<StreamEntry> next = cursor.next();
      if (next.isEmpty()) {
        return;
      }
      assembler.add(next.get(), cursor.lastIndex(), nowMs);
    }
  }

  /** A PUBACK for the batch starting at {@code firstSeq}; true if the acked position moved. */
  boolean acked(long firstSeq) {
    return window.ack(firstSeq);
  }

  AckedPosition ackedPosition() {
    return new AckedPosition(window.ackedSeq(), window.ackedPosition());
  }

  long batchesAcked() {
    return window.batchesAcked();
  }

  /** Batches published on this connection and not yet acknowledged. */
  int inFlight() {
    return window.size();
  }

  /** When {@link #pump} has something to do next (if the window has room). */
  long nextDueAtMs() {
    if (window.size() >= windowLimit) {
      return Long.MAX_VALUE;
    }
    return heldBatch != null ? heldUntilMs : assembler.dueAtMs();
  }

  /** The connection dropped: forget what was in flight and go back to the acked position. */
  void rewind() {
    window.clear();
    assembler.clear();
    heldBatch = null;
    cursor.rewindTo(ackedPosition());
  }

  @Override
  public void close() {
    cursor.close();
  }
}
