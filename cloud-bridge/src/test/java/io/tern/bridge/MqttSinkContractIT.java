package io.tern.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.bridge.sink.DeliveryGuarantee;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink contract for the MQTT sink (at-least-once) against a real HiveMQ CE broker; an
 * independent Paho subscriber (QoS 1) records what arrives, checking topic, JSON and the {@code id}
 * user property of every message.
 */
class MqttSinkContractIT extends SinkContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path brokerDir;
  private static EmbeddedBroker broker;
  private final List<Delivered> received = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private MqttClient subscriber;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedBroker.start(brokerDir);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void disconnect() throws MqttException {
    if (subscriber != null) {
      subscriber.disconnect();
      subscriber.close();
    }
  }

  private static String prefix(String testId) {
    return "contract/" + testId;
  }

  @Override
  void beforeBridge(String testId) throws Exception {
    subscriber = new MqttClient(broker.uri(), testId + "-subscriber", new MemoryPersistence());
    subscriber.setCallback(new Recorder());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    subscriber.connect(options);
    subscriber.subscribe(prefix(testId) + "/#", 1);
  }

  @Override
  List<String> sinkArgs(String testId) {
    return List.of(
        "--sink", "mqtt", "--mqtt-url", broker.uri(), "--mqtt-topic-prefix", prefix(testId));
  }

  @Override
  List<Delivered> delivered(String testId) {
    assertThat(problems).isEmpty();
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  DeliveryGuarantee guarantee() {
    return DeliveryGuarantee.AT_LEAST_ONCE;
  }

  /** Runs on the subscriber's Paho thread: records, never blocks. */
  private final class Recorder implements MqttCallback {

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        String[] levels = topic.split("/"); // contract/<testId>/<kind>s/<device>/<metric>
        JsonNode json = JSON.readTree(message.getPayload());
        String kind = levels[2].substring(0, levels[2].length() - 1).toUpperCase(Locale.ROOT);
        String id = json.get("id").asText();
        MqttProperties props = message.getProperties();
        String idProperty =
            props.getUserProperties().stream()
                .filter(p -> p.getKey().equals("id"))
                .map(UserProperty::getValue)
                .findFirst()
                .orElse(null);
        if (!id.equals(idProperty)
            || !levels[3].equals(json.get("deviceId").asText())
            || !levels[4].equals(json.get("metric").asText())
            || !"application/json".equals(props.getContentType())
            || message.getQos() != 1) {
          problems.add(
              "unexpected message on " + topic + ": " + json + " id property " + idProperty);
        }
        received.add(new Delivered(kind, levels[3], id));
      } catch (Exception e) {
        problems.add(topic + ": " + e);
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      problems.add("subscriber disconnected: " + response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      problems.add("subscriber error: " + exception);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
