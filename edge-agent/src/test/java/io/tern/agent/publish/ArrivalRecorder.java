package io.tern.agent.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import io.tern.agent.batch.Reading;
import io.tern.agent.wire.TelemetryMapper;
import io.tern.proto.v1.TelemetryBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The receiving side of the outage test, inside the broker (where the gateway's ingest journal
 * sits): records the first arrival of every seq in arrival order, with the wall-clock time it
 * arrived and whether its batch was marked backlog, plus how many arrivals were duplicates and any
 * gaps reported.
 *
 * <p>Threads: HiveMQ calls {@link #onInboundPublish} on its extension threads (one client's
 * publishes in order); it is synchronized, so the arrival order is the order of the calls. The test
 * reads through the synchronized getters.
 */
final class ArrivalRecorder implements PublishInboundInterceptor {
  /** The first arrival of a seq: its place in the arrival order, when, and its batch's flag. */
  record Arrival(long order, long arrivedAtMs, Reading reading, boolean backlog) {}

  final List<String> errors = new CopyOnWriteArrayList<>();
  private final Map<Long, Arrival> firstArrivals = new HashMap<>();
  private long order;
  private long duplicates;
  private long gaps;
  private long lastBacklogOrder = -1;

  @Override
  public synchronized void onInboundPublish(
      PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    if (!topic.startsWith("tern/v1/telemetry/")) {
      return;
    }
    byte[] bytes = BrokerScript.payload(input);
    long now = System.currentTimeMillis();
    try {
      TelemetryBatch batch = TelemetryBatch.parseFrom(bytes);
      gaps += batch.getGapsCount();
      for (Reading reading : TelemetryMapper.readings(batch)) {
        long at = order++;
        if (firstArrivals.putIfAbsent(
                reading.seq(), new Arrival(at, now, reading, batch.getBacklog()))
            != null) {
          duplicates++;
        } else if (batch.getBacklog()) {
          lastBacklogOrder = at;
        }
      }
    } catch (InvalidProtocolBufferException e) {
      errors.add(topic + ": " + e);
    }
  }

  synchronized Arrival arrival(long seq) {
    return firstArrivals.get(seq);
  }

  synchronized int distinctSeqs() {
    return firstArrivals.size();
  }

  /** Seqs in 1..lastSeq that never arrived. */
  synchronized List<Long> missing(long lastSeq) {
    List<Long> out = new ArrayList<>();
    for (long seq = 1; seq <= lastSeq; seq++) {
      if (!firstArrivals.containsKey(seq)) {
        out.add(seq);
      }
    }
    return out;
  }

  /** Arrival order of the last first arrival of a seq in a backlog batch; -1 if none. */
  synchronized long lastBacklogOrder() {
    return lastBacklogOrder;
  }

  synchronized long backlogSeqs() {
    return firstArrivals.values().stream().filter(Arrival::backlog).count();
  }

  synchronized long duplicates() {
    return duplicates;
  }

  synchronized long gaps() {
    return gaps;
  }

  synchronized List<Arrival> arrivals() {
    return List.copyOf(firstArrivals.values());
  }
}
