package io.tern.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TestPki;
import io.tern.bridge.cli.BridgeCommand;
import io.tern.bridge.delivery.DeliveryLoop;
import io.tern.proto.v1.GatewayOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The MQTT sink over TLS against HiveMQ CE with a TLS listener (broker key signed by a test CA made
 * with keytool): rollups and alerts arrive with QoS 1 when the bridge trusts that CA; with another
 * CA the bridge says clearly that the certificate is not trusted, keeps retrying, and delivers
 * everything once the right CA is in its CA file. An independent subscriber reads over plain TCP.
 */
class MqttSinkTlsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  @TempDir static Path shared;
  private static TestPki pki;
  private static TestPki otherPki;
  private static EmbeddedBroker broker;

  @TempDir Path dir;
  private final Map<String, Integer> received = new ConcurrentHashMap<>(); // id -> QoS
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger loopLog = (Logger) LoggerFactory.getLogger(DeliveryLoop.class);
  private MqttClient subscriber;

  @BeforeAll
  static void startTlsBroker() {
    pki = TestPki.create(shared.resolve("pki"));
    otherPki = TestPki.create(shared.resolve("other-pki"));
    broker = new EmbeddedBroker(shared.resolve("broker")).withTls(pki, false).start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void subscribeAndCaptureLog() throws Exception {
    log.start();
    loopLog.addAppender(log);
    loopLog.setLevel(Level.DEBUG); // retries are logged at DEBUG
    subscriber = new MqttClient(broker.uri(), "tls-subscriber", new MemoryPersistence());
    subscriber.connect(new MqttConnectionOptions());
    // Paho 1.2.5's subscribe(String, int, listener) recurses forever: use the array form.
    subscriber.subscribe(
        new MqttSubscription[] {new MqttSubscription("tls/#", 1)},
        new IMqttMessageListener[] {
          (topic, message) ->
              received.put(
                  message.getProperties().getUserProperties().stream()
                      .filter(p -> p.getKey().equals("id"))
                      .findFirst()
                      .orElseThrow()
                      .getValue(),
                  message.getQos())
        });
  }

  @AfterEach
  void cleanUp() throws Exception {
    loopLog.detachAppender(log);
    loopLog.setLevel(null);
    subscriber.disconnect();
    subscriber.close();
  }

  private Bridge startBridge(String name, Path caFile) {
    return Bridge.start(
        BridgeCommand.parseConfig(
            "--output-log",
            dir.resolve("output").toString(),
            "--sink",
            "mqtt",
            "--mqtt-url",
            broker.tlsUri(),
            "--mqtt-ca-file",
            caFile.toString(),
            "--mqtt-topic-prefix",
            "tls/" + name,
            "--bridge-id",
            name));
  }

  private List<String> writeOutputs(String device) {
    List<String> ids = new ArrayList<>();
    try (OutputLogWriter writer = new OutputLogWriter(dir.resolve("output"))) {
      for (int i = 0; i < 5; i++) {
        GatewayOutput rollup = OutputLogWriter.rollup(device, "temp", i * 60_000L);
        GatewayOutput alert = OutputLogWriter.alert(device, "temp", i * 60_000L + 5);
        writer.write(rollup);
        writer.write(alert);
        ids.add(rollup.getRollup().getId());
        ids.add(alert.getAlert().getId());
      }
    }
    return ids;
  }

  @Test
  void trustedCa_deliversRollupsAndAlertsWithQos1() {
    List<String> ids = writeOutputs("dev-tls");

    try (Bridge bridge = startBridge("tls-ok", pki.caPem())) {
      await().atMost(PATIENCE).until(() -> received.keySet().containsAll(ids));
      await().atMost(PATIENCE).until(() -> bridge.stats().alertsDelivered() == 5);
      assertThat(bridge.stats().rollupsDelivered()).isEqualTo(5);
      assertThat(bridge.stats().kafkaUp()).isTrue();
    }
    assertThat(received).containsOnlyKeys(ids).allSatisfy((id, qos) -> assertThat(qos).isOne());
  }

  @Test
  void wrongCa_failsWithAClearError_retries_andDeliversEverythingOnceTheCaIsRight()
      throws Exception {
    List<String> ids = writeOutputs("dev-wrong-ca");
    Path caFile = dir.resolve("trusted-ca.pem");
    Files.copy(otherPki.caPem(), caFile);

    try (Bridge bridge = startBridge("tls-wrong-ca", caFile)) {
      await().atMost(PATIENCE).until(() -> !errors().isEmpty());
      assertThat(errors().get(0))
          .contains("MQTT connect failed (" + broker.tlsUri() + ")")
          .contains("the broker's TLS certificate is not trusted by --mqtt-ca-file " + caFile)
          .contains("PKIX");
      assertThat(bridge.stats().kafkaUp()).isFalse();
      assertThat(bridge.stats().lag()).isEqualTo(ids.size());
      assertThat(bridge.running()).as("a trust problem is retried, not fatal").isTrue();
      await()
          .atMost(PATIENCE)
          .until(() -> messages(Level.DEBUG).stream().anyMatch(m -> m.startsWith("Still failing")));
      assertThat(received).isEmpty();

      Files.copy(pki.caPem(), caFile, StandardCopyOption.REPLACE_EXISTING);

      await().atMost(PATIENCE).until(() -> received.keySet().containsAll(ids));
      await().atMost(PATIENCE).until(() -> bridge.stats().kafkaUp());
      assertThat(bridge.stats().rollupsDelivered() + bridge.stats().alertsDelivered())
          .isEqualTo(ids.size());
    }
    assertThat(errors()).as("one error for the whole outage, not one per retry").hasSize(1);
  }

  private List<String> errors() {
    return messages(Level.ERROR);
  }

  private List<String> messages(Level level) {
    synchronized (log) { // AppenderBase.doAppend holds this lock while it adds
      return log.list.stream()
          .filter(e -> e.getLevel() == level)
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }
}
