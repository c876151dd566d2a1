package io.tern.agent.crash;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import io.tern.agent.batch.Reading;
import io.tern.agent.wire.TelemetryMapper;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiving side of the crash test, inside the broker: records every telemetry reading of every
 * inbound PUBLISH before the broker acknowledges it (as the gateway's ingest journal does), keyed
 * by seq, with how often each seq arrived.
 *
 * <p>Threads: HiveMQ calls {@link #onInboundPublish} on its extension threads, concurrently; the
 * test reads the maps from its own thread.
 */
final class ReadingRecorder implements PublishInboundInterceptor {
  final Map<Long, Reading> readings = new ConcurrentHashMap<>();
  final Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  final Set<Long> streamEpochs = ConcurrentHashMap.newKeySet();
  final LongAdder batches = new LongAdder();
  final List<String> errors = new CopyOnWriteArrayList<>();

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    if (!topic.startsWith("tern/v1/telemetry/")) {
      return;
    }
    ByteBuffer payload =
        input.getPublishPacket().getPayload().orElse(ByteBuffer.allocate(0)).asReadOnlyBuffer();
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    try {
      TelemetryBatch batch = TelemetryBatch.parseFrom(bytes);
      streamEpochs.add(batch.getStreamEpoch());
      for (Reading reading : TelemetryMapper.readings(batch)) {
        Reading first = readings.putIfAbsent(reading.seq(), reading);
        if (first != null && !first.equals(reading)) {
          errors.add("seq " + reading.seq() + " arrived as " + first + " and as " + reading);
        }
        deliveries.computeIfAbsent(reading.seq(), seq -> new AtomicInteger()).incrementAndGet();
      }
      batches.increment();
    } catch (InvalidProtocolBufferException e) {
      errors.add(topic + ": " + e);
    }
  }

  /** Readings that arrived more than once (what the gateway's dedupe drops). */
  long duplicates() {
    return deliveries.values().stream().mapToLong(count -> count.get() - 1L).sum();
  }
}
