package io.tern.agent.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.tern.proto.v1.DeviceState;
import io.tern.proto.v1.DeviceStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inside the test broker, as the gateway's limits would: refuses some telemetry publishes of a
 * device with a PUBACK reason code (keeping nothing of them) and records the others, once per seq,
 * in the device's {@link ArrivalRecorder}. Counts the device's ONLINE statuses taken: with a long
 * status interval, one per connection (the birth message). May refuse a device's first statuses
 * with QUOTA_EXCEEDED.
 *
 * <p>Threads: HiveMQ's extension threads call {@link #onInboundPublish} (one client's publishes in
 * order); the test registers devices before they connect and reads the counters.
 */
final class QuotaScript implements PublishInboundInterceptor {
  /** Decides, per telemetry publish of a device, whether to refuse it and with which code. */
  interface Policy {
    /**
     * @param publishNo 1 for the device's first telemetry publish
     * @return the PUBACK reason code to refuse with, or null to accept
     */
    AckReasonCode refuse(int publishNo, long nowMs);
  }

  /** What the broker saw of one device. */
  static final class Device {
    final ArrivalRecorder arrivals = new ArrivalRecorder();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger statusesRefused = new AtomicInteger();
    private final Policy policy;
    private final AtomicInteger statusesToRefuse;
    private int publishes;

    private Device(Policy policy, int statusesToRefuse) {
      this.policy = policy;
      this.statusesToRefuse = new AtomicInteger(statusesToRefuse);
    }
  }

  private final Map<String, Device> devices = new ConcurrentHashMap<>();

  /** Starts scripting the client {@code deviceId}. */
  Device add(String deviceId, Policy policy) {
    return add(deviceId, policy, 0);
  }

  /** Starts scripting {@code deviceId}, refusing its first {@code statusesToRefuse} statuses. */
  Device add(String deviceId, Policy policy, int statusesToRefuse) {
    Device device = new Device(policy, statusesToRefuse);
    devices.put(deviceId, device);
    return device;
  }

  /** Refuses every {@code k}-th telemetry publish with {@code code}. */
  static Policy everyKth(int k, AckReasonCode code) {
    return (publishNo, nowMs) -> publishNo % k == 0 ? code : null;
  }

  /**
   * The gateway's publish rate limit: a token bucket of {@code burst} tokens refilled at {@code
   * perSecond}; a publish without a token gets QUOTA_EXCEEDED.
   */
  static Policy tokenBucket(int perSecond, int burst) {
    return new Policy() {
      private double tokens = burst;
      private long lastMs = -1;

      @Override
      public AckReasonCode refuse(int publishNo, long nowMs) {
        if (lastMs >= 0) {
          tokens = Math.min(burst, tokens + (nowMs - lastMs) * perSecond / 1_000.0);
        }
        lastMs = nowMs;
        if (tokens < 1) {
          return AckReasonCode.QUOTA_EXCEEDED;
        }
        tokens--;
        return null;
      }
    };
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    Device device = devices.get(input.getClientInformation().getClientId());
    if (device == null) {
      return;
    }
    String topic = input.getPublishPacket().getTopic();
    if (topic.startsWith("tern/v1/status/")) {
      if (device.statusesToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        device.statusesRefused.incrementAndGet();
        output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "refused by the test script");
      } else {
        countOnline(device, input);
      }
      return;
    }
    AckReasonCode code;
    synchronized (device) {
      code = device.policy.refuse(++device.publishes, System.currentTimeMillis());
    }
    if (code == null) {
      device.arrivals.onInboundPublish(input, output);
    } else {
      device.refused.incrementAndGet();
      output.preventPublishDelivery(code, "refused by the test script");
    }
  }

  private static void countOnline(Device device, PublishInboundInput input) {
    try {
      DeviceStatus status = DeviceStatus.parseFrom(BrokerScript.payload(input));
      if (status.getState() == DeviceState.DEVICE_STATE_ONLINE) {
        device.connections.incrementAndGet();
      }
    } catch (InvalidProtocolBufferException e) {
      device.arrivals.errors.add("status: " + e);
    }
  }
}
