package io.tern.agent.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.tern.proto.v1.DeviceStatus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inside the test broker: holds the PUBACK of the first {@code held} telemetry publishes for {@code
 * holdFor} (async output, as a link that stopped acknowledging), delays the PUBACK of every other
 * telemetry publish by {@code delayEach} (a slow link), and records the status messages with their
 * QoS and retain flag. HiveMQ handles a client's publishes in order: what follows a held publish
 * waits too.
 *
 * <p>Threads: HiveMQ's extension threads call {@link #onInboundPublish}; {@code broker-script}
 * resumes held publishes; the test reads.
 */
final class BrokerScript implements PublishInboundInterceptor, AutoCloseable {
  /** A status message as the broker received it. */
  record Status(DeviceStatus status, Qos qos, boolean retain) {}

  private static final Duration ASYNC_TIMEOUT = Duration.ofMinutes(10);

  final List<Status> statuses = new CopyOnWriteArrayList<>();
  final List<String> errors = new CopyOnWriteArrayList<>();
  final AtomicInteger telemetryPublishes = new AtomicInteger();
  private final int held;
  private final Duration holdFor;
  private final Duration delayEach;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "broker-script");
            t.setDaemon(true);
            return t;
          });

  BrokerScript(int held, Duration holdFor, Duration delayEach) {
    this.held = held;
    this.holdFor = holdFor;
    this.delayEach = delayEach;
  }

  /** Acknowledges every publish at once. */
  static BrokerScript prompt() {
    return new BrokerScript(0, Duration.ZERO, Duration.ZERO);
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    if (topic.startsWith("tern/v1/status/")) {
      try {
        statuses.add(
            new Status(
                DeviceStatus.parseFrom(payload(input)),
                input.getPublishPacket().getQos(),
                input.getPublishPacket().getRetain()));
      } catch (InvalidProtocolBufferException e) {
        errors.add(topic + ": " + e);
      }
      return;
    }
    Duration delay = telemetryPublishes.incrementAndGet() <= held ? holdFor : delayEach;
    if (!delay.isZero()) {
      Async<PublishInboundOutput> async =
          output.async(ASYNC_TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.UNSPECIFIED_ERROR);
      timer.schedule(async::resume, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** The payload of an inbound PUBLISH. */
  static byte[] payload(PublishInboundInput input) {
    ByteBuffer payload =
        input.getPublishPacket().getPayload().orElse(ByteBuffer.allocate(0)).asReadOnlyBuffer();
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    return bytes;
  }
}
