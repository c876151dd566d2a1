package io.tern.bench.ingest;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import io.tern.proto.v1.TelemetryBatch;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One simulated device: its own MQTT connection, publishing telemetry batches at QoS 1 with at most
 * {@code window} batches in flight. In max-throughput mode a slot freed by a PUBACK is refilled at
 * once; in rate mode batches are due at scheduled times and wait in a backlog while the window is
 * full (their latency counts from the scheduled time, so a slow system is not hidden by the window:
 * no coordinated omission). A PUBACK with an error reason code is retried after {@link
 * #RETRY_DELAY_MS}, like the agent would; its latency still counts from the first attempt.
 *
 * <p>Threading: {@link #offer} from the pacer thread, {@link #pump} from the control thread and
 * from MQTT client threads on PUBACK; state is guarded by this object's lock.
 */
final class SimulatedDevice {
  static final long RETRY_DELAY_MS = 50;

  /** Counters shared by the devices of a fleet. */
  record Counters(
      LongAdder messagesSent,
      LongAdder readingsSent,
      LongAdder messagesAcked,
      LongAdder readingsAcked,
      LongAdder refused,
      LongAdder errors,
      Map<String, LongAdder> refusedBy) {
    Counters() {
      this(
          new LongAdder(),
          new LongAdder(),
          new LongAdder(),
          new LongAdder(),
          new LongAdder(),
          new LongAdder(),
          new ConcurrentHashMap<>());
    }

    /** Counts a refusal by reason code and reason string. */
    void refused(Mqtt5PubAckException e) {
      refused.increment();
      Mqtt5PubAck ack = e.getMqttMessage();
      String key =
          ack.getReasonCode() + ack.getReasonString().map(r -> " \"" + r + "\"").orElse("");
      refusedBy.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  private final Mqtt5AsyncClient client;
  private final String topic;
  private final BatchFactory batches;
  private final int window;
  private final boolean maxThroughput;
  private final Counters counters;
  private final LatencyRecorder ackLatency;
  private final SendTimes sendTimes; // null: no subscriber measures receipt latency
  private final ScheduledExecutorService retries;
  private final ArrayDeque<Long> dueNanos = new ArrayDeque<>();
  private int inflight;
  private boolean sending;

  SimulatedDevice(
      Mqtt5AsyncClient client,
      BatchFactory batches,
      int window,
      boolean maxThroughput,
      Counters counters,
      LatencyRecorder ackLatency,
      SendTimes sendTimes,
      ScheduledExecutorService retries) {
    this.client = client;
    this.topic = "tern/v1/telemetry/" + batches.deviceId();
    this.batches = batches;
    this.window = window;
    this.maxThroughput = maxThroughput;
    this.counters = counters;
    this.ackLatency = ackLatency;
    this.sendTimes = sendTimes;
    this.retries = retries;
  }

  Mqtt5AsyncClient client() {
    return client;
  }

  /** Starts or stops sending new batches (in-flight ones still complete). */
  synchronized void sending(boolean on) {
    sending = on;
    if (!on) {
      dueNanos.clear();
    }
  }

  /** Rate mode: one batch is due at {@code nanos}. */
  synchronized void offer(long nanos) {
    if (sending) {
      dueNanos.addLast(nanos);
      pump();
    }
  }

  /** Publishes as many batches as the window and the schedule allow. */
  synchronized void pump() {
    while (sending && inflight < window && (maxThroughput || !dueNanos.isEmpty())) {
      long start = maxThroughput ? System.nanoTime() : dueNanos.removeFirst();
      TelemetryBatch batch = batches.next(System.currentTimeMillis());
      if (sendTimes != null) {
        sendTimes.sent(batch.getStreamEpoch(), batch.getBaseSeq(), System.nanoTime());
      }
      inflight++;
      counters.messagesSent().increment();
      counters.readingsSent().add(batch.getReadingsCount());
      publish(batch.toByteArray(), batch.getReadingsCount(), start);
    }
  }

  String deviceId() {
    return batches.deviceId();
  }

  /** Readings put into batches so far. */
  synchronized long readingsSent() {
    return batches.readingsMade();
  }

  synchronized int inflight() {
    return inflight;
  }

  synchronized int backlog() {
    return dueNanos.size();
  }

  private void publish(byte[] payload, int readings, long startNanos) {
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .whenComplete((result, error) -> completed(payload, readings, startNanos, result, error));
  }

  private static Mqtt5PubAckException pubAckError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof Mqtt5PubAckException e) {
        return e;
      }
    }
    return null;
  }

  private void completed(
      byte[] payload, int readings, long startNanos, Mqtt5PublishResult result, Throwable error) {
    Throwable failure = error != null ? error : result.getError().orElse(null);
    Mqtt5PubAckException refusal = pubAckError(failure);
    if (refusal != null) {
      counters.refused(refusal);
      try {
        retries.schedule(
            () -> publish(payload, readings, startNanos), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
        return;
      } catch (RejectedExecutionException closing) {
        failure = closing; // the fleet is closing: the batch is given up
      }
    }
    if (failure != null) {
      counters.errors().increment();
    } else {
      ackLatency.record(System.nanoTime() - startNanos);
      counters.messagesAcked().increment();
      counters.readingsAcked().add(readings);
    }
    synchronized (this) {
      inflight--;
    }
    pump();
  }
}
