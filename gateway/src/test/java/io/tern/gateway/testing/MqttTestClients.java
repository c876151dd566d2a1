package io.tern.gateway.testing;

import io.tern.proto.v1.DeviceState;
import io.tern.proto.v1.DeviceStatus;
import io.tern.proto.v1.Reading;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * Real Paho MQTT v5 clients against a gateway under test: devices that publish and independent
 * subscribers that collect what the gateway publishes. Closes every client it made.
 */
public final class MqttTestClients implements AutoCloseable {

  /** A message an independent subscriber received. */
  public record Received(String topic, MqttMessage message) {}

  private final IntSupplier port;
  private final List<MqttClient> clients = new ArrayList<>();

  /** The port is read when a client connects, so the gateway may start after this is made. */
  public MqttTestClients(IntSupplier port) {
    this.port = port;
  }

  public MqttClient connect(String clientId) throws MqttException {
    return connect(clientId, new MqttConnectionOptions());
  }

  /** A client that authenticates with a user name and password. */
  public MqttClient connect(String clientId, String userName, String password)
      throws MqttException {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(userName);
    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    return connect(clientId, options);
  }

  private MqttClient connect(String clientId, MqttConnectionOptions options) throws MqttException {
    MqttClient client =
        new MqttClient("tcp://localhost:" + port.getAsInt(), clientId, new MemoryPersistence());
    options.setCleanStart(true);
    clients.add(client);
    client.connect(options);
    return client;
  }

  /** A new client subscribed to {@code filter} with QoS 1; the list fills as messages arrive. */
  public List<Received> subscribe(String filter) throws MqttException {
    List<Received> received = new CopyOnWriteArrayList<>();
    MqttClient client = connect("sub-" + clients.size());
    // Paho 1.2.5's MqttClient.subscribe(String, int[, listener]) recurses forever; this form works.
    IMqttMessageListener listener = (topic, message) -> received.add(new Received(topic, message));
    client.subscribe(
        new MqttSubscription[] {new MqttSubscription(filter, 1)},
        new IMqttMessageListener[] {listener});
    return received;
  }

  /** Publishes with QoS 1 and returns the PUBACK reason code. */
  public static int publish(MqttClient client, String topic, byte[] payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    IMqttToken token = client.getTopic(topic).publish(message);
    token.waitForCompletion(10_000);
    return token.getReasonCodes()[0];
  }

  /**
   * A batch of one metric, {@code temperature}, stream epoch 42: reading {@code i} has seq {@code
   * baseSeq + i} and event time {@code baseTimeMs + i} seconds.
   */
  public static byte[] temperatureBatch(
      String deviceId, long baseSeq, long baseTimeMs, List<Double> values) {
    TelemetryBatch.Builder batch =
        TelemetryBatch.newBuilder()
            .setDeviceId(deviceId)
            .setStreamEpoch(42)
            .setBaseSeq(baseSeq)
            .setBaseTimeMs(baseTimeMs)
            .addMetrics("temperature");
    for (int i = 0; i < values.size(); i++) {
      batch.addReadings(
          Reading.newBuilder()
              .setSeqOffset(i)
              .setMetricIndex(0)
              .setValue(values.get(i))
              .setTimeOffsetMs(i * 1000L));
    }
    return batch.build().toByteArray();
  }

  /** A {@code DeviceStatus} saying the device is offline, as an agent's will says it. */
  public static byte[] offlineStatus(String deviceId) {
    return DeviceStatus.newBuilder()
        .setDeviceId(deviceId)
        .setState(DeviceState.DEVICE_STATE_OFFLINE)
        .build()
        .toByteArray();
  }

  @Override
  public void close() throws MqttException {
    for (MqttClient client : clients) {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    }
  }
}
