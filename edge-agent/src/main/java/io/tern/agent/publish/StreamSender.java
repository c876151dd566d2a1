package io.tern.agent.publish;

import io.tern.agent.batch.Batch;
import io.tern.agent.outbox.AckedPosition;
import io.tern.agent.outbox.Outbox;
import io.tern.agent.wire.TelemetryMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * What to send next, on two lanes: when a connection comes up, what the outbox holds and the
 * gateway has not acknowledged is the backlog; what is appended from then on is live. Live batches
 * go first; the backlog drains beside them within its share of the in-flight window ({@link
 * LaneShare}). PUBACKs of the two lanes arrive out of seq order: the {@link AckLedger} keeps the
 * acknowledged prefix (persisted, replayed from after a restart) and the ranges above it (skipped
 * when the backlog is read again after a reconnect).
 *
 * <p>A batch the gateway refuses with PUBACK 0x97 (quota exceeded) stays on this connection: it is
 * kept (the batch of a window is in memory while in flight) and sent again, before anything new,
 * once the {@link QuotaPause} it triggered is over; its lane keeps counting it in flight meanwhile,
 * so the window is not exceeded. Nothing is acknowledged for it until a PUBACK with success says
 * so.
 *
 * <p>Not thread-safe: created, used and closed by the publisher thread.
 */
final class StreamSender implements AutoCloseable {
  private static final long BUSY_RETRY_MS = 5;

  /** Acknowledged ranges kept across connections; more are forgotten (and sent again). */
  static final int MAX_ACKED_RANGES = 4_096;

  /** A published batch awaiting its PUBACK; {@code sendNo} numbers the publishes of the run. */
  private record Sent(Batch batch, Lane lane, long sendNo) {}

  private final PublisherSettings settings;
  private final Outbox outbox;
  private final AckLedger ledger;
  private final Lane live;
  private final Lane backlog;
  private final Map<Long, Sent> inFlight = new HashMap<>();
  private final TreeMap<Long, Sent> refused = new TreeMap<>();
  private final QuotaPause quota;
  private LaneShare share;
  private long liveStartSeq;
  private Batch heldBatch;
  private Lane heldLane;
  private long heldUntilMs;
  private long batchesAcked;
  private long sends;

  StreamSender(PublisherSettings settings, Outbox outbox, RandomGenerator random) {
    this.settings = settings;
    this.outbox = outbox;
    this.quota = new QuotaPause(random);
    AckedPosition acked = outbox.ackedAtOpen();
    this.ledger = new AckLedger(acked);
    this.share = new LaneShare(1, settings.backlogShare());
    long lingerMs = settings.linger().toMillis();
    this.backlog = new Lane(true, outbox.cursorAfter(acked), settings.batchMaxReadings(), lingerMs);
    try {
      this.live = new Lane(false, outbox.cursorAfter(acked), settings.batchMaxReadings(), lingerMs);
    } catch (RuntimeException e) {
      backlog.close();
      throw e;
    }
  }

  /**
   * A connection is up: what the outbox holds now and is unacknowledged is backlog, what is
   * appended from now on is live.
   *
   * @param windowLimit most batches in flight on this connection
   */
  void connectionUp(int windowLimit) {
    share = new LaneShare(windowLimit, settings.backlogShare());
    liveStartSeq = outbox.moveToEnd(live.cursor());
    live.restart(null, Long.MAX_VALUE);
    backlog.restart(ledger.prefix(), liveStartSeq - 1);
  }

  /** First seq of the live lane of the current connection. */
  long liveStartSeq() {
    return liveStartSeq;
  }

  /**
   * Publishes due batches unless a quota pause is on: refused batches again first (lowest seq
   * first), then live ones, then backlog ones, while the window has room for their lane.
   *
   * @param flush send partial live batches now (closing)
   * @throws MqttException if a publish failed: the connection must be dropped
   */
  void pump(MqttSession session, long nowMs, boolean flush) throws MqttException {
    if (quota.paused(nowMs)) {
      return;
    }
    while (true) {
      if (heldBatch == null && !refused.isEmpty()) {
        Sent again = refused.pollFirstEntry().getValue();
        heldLane = again.lane(); // still counted in flight by its lane
        heldBatch = again.batch();
      } else if (heldBatch == null) {
        Lane lane = nextLane(nowMs, flush);
        if (lane == null) {
          return;
        }
        heldLane = lane;
        heldBatch = lane.take();
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
      inFlight.put(heldBatch.firstSeq(), new Sent(heldBatch, heldLane, sends++));
      heldBatch = null;
      heldLane = null;
    }
  }

  /** The lane whose batch goes next, or null if neither may send now. */
  private Lane nextLane(long nowMs, boolean flush) {
    if (live.ready(nowMs, flush, ledger) && liveMaySend()) {
      return live;
    }
    if (backlog.ready(nowMs, true, ledger) && backlogMaySend()) {
      return backlog;
    }
    return null;
  }

  private boolean liveMaySend() {
    return share.liveMaySend(live.inFlight(), backlog.inFlight(), backlog.waiting());
  }

  private boolean backlogMaySend() {
    return share.backlogMaySend(live.inFlight(), backlog.inFlight(), live.active());
  }

  /** A PUBACK for the batch starting at {@code firstSeq}; true if the acknowledged prefix moved. */
  boolean acked(long firstSeq) {
    Sent sent = inFlight.remove(firstSeq);
    if (sent == null) {
      return false;
    }
    sent.lane().acked();
    quota.acked(sent.sendNo());
    batchesAcked++;
    Batch batch = sent.batch();
    return ledger.ack(firstSeq, batch.lastSeq(), batch.resumePosition());
  }

  /**
   * A PUBACK 0x97 (quota exceeded) for the batch starting at {@code firstSeq}: the gateway kept
   * nothing of it; it is sent again after the pause.
   *
   * @return the pause this refusal started in ms, 0 if it belongs to the burst that started the
   *     current one (or the batch is unknown)
   */
  long refused(long firstSeq, long nowMs) {
    Sent sent = inFlight.remove(firstSeq);
    if (sent == null) {
      return 0;
    }
    refused.put(firstSeq, sent);
    return quota.refused(sent.sendNo(), sends, nowMs);
  }

  /** Every seq up to this one is acknowledged: the position to persist and replay from. */
  AckedPosition ackedPosition() {
    return ledger.prefix();
  }

  long batchesAcked() {
    return batchesAcked;
  }

  /** Batches published on this connection and not yet acknowledged. */
  int inFlight() {
    return inFlight.size();
  }

  /**
   * When {@link #pump} has something to do next (if a lane may send, and not before a pause ends).
   */
  long nextDueAtMs() {
    long due;
    if (heldBatch != null) {
      due = heldUntilMs;
    } else if (!refused.isEmpty()) {
      due = 0;
    } else {
      due = Long.MAX_VALUE;
      if (liveMaySend()) {
        due = live.dueAtMs();
      }
      if (backlogMaySend()) {
        due = Math.min(due, backlog.dueAtMs());
      }
    }
    return due == Long.MAX_VALUE ? due : Math.max(due, quota.pausedUntilMs());
  }

  /**
   * The connection dropped: forget what was in flight; the next {@link #connectionUp} sends every
   * unacknowledged seq again. Acknowledged ranges beyond {@link #MAX_ACKED_RANGES} are forgotten.
   */
  void rewind() {
    inFlight.clear();
    refused.clear();
    quota.connectionDropped();
    heldBatch = null;
    heldLane = null;
    live.clear();
    backlog.clear();
    ledger.trim(MAX_ACKED_RANGES);
  }

  @Override
  public void close() {
    try {
      live.close();
    } finally {
      backlog.close();
    }
  }
}
