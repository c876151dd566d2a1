package io.tern.agent.testing;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.Reading;
import io.tern.agent.wire.TelemetryMapper;
import io.tern.proto.v1.DeviceStatus;
import io.tern.proto.v1.TelemetryBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An independent MQTT client that records every telemetry reading, gap and status message it
 * receives. Its session persists across broker restarts (clean start false, 1 h expiry), so
 * messages published while it reconnects are queued for it by the broker.
 */
public final class TelemetrySubscriber implements AutoCloseable {
  /** Readings by (deviceId, seq) key "deviceId/seq". */
  public final Map<String, Reading> readings = new ConcurrentHashMap<>();

  public final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

  /** Gaps (seqs the agent dropped unsent) by key "deviceId/firstSeq". */
  public final Map<String, Gap> gaps = new ConcurrentHashMap<>();

  public final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
  public final List<String> errors = new CopyOnWriteArrayList<>();
  private final MqttClient client;

  public TelemetrySubscriber(String brokerUri, String clientId) throws MqttException {
    client = new MqttClient(brokerUri, clientId, new MemoryPersistence());
    client.setCallback(new Collector());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(3_600L);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 2);
    client.connect(options);
    client.subscribe(
        new MqttSubscription[] {
          new MqttSubscription("tern/v1/telemetry/+", 1),
          new MqttSubscription("tern/v1/status/+", 1)
        });
  }

  public static String key(String deviceId, long seq) {
    return deviceId + "/" + seq;
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close(true);
  }

  private final class Collector implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        if (topic.startsWith("tern/v1/status/")) {
          statuses.add(DeviceStatus.parseFrom(message.getPayload()));
          return;
        }
        TelemetryBatch batch = TelemetryBatch.parseFrom(message.getPayload());
        if (!topic.equals("tern/v1/telemetry/" + batch.getDeviceId())) {
          errors.add("batch of " + batch.getDeviceId() + " on topic " + topic);
        }
        for (Gap gap : TelemetryMapper.gaps(batch)) {
          gaps.put(key(batch.getDeviceId(), gap.firstSeq()), gap);
        }
        for (Reading reading : TelemetryMapper.readings(batch)) {
          String key = key(batch.getDeviceId(), reading.seq());
          readings.put(key, reading);
          deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }
      } catch (Exception e) {
        errors.add(topic + ": " + e);
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      errors.add(exception.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
