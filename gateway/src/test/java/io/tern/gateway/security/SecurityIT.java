package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.gateway.Gateway;
import io.tern.gateway.status.GatewayStats;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.MqttTestClients.Received;
import io.tern.gateway.testing.TestGateways;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and per-device authorization against a real gateway, with real Paho v5 clients
 * over real sockets. One gateway for the class: each test uses its own devices and checks the
 * changes of the gateway's counters, so the tests stay independent of each other and of their
 * order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {
  private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s
  private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
  private static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;
  private static final int NOT_AUTHORIZED = 0x87;
  private static final List<String> DEVICES =
      List.of(
          "dev-a",
          "dev-b",
          "pub-a",
          "pub-b",
          "spoof-a",
          "spoof-b",
          "out-a",
          "out-b",
          "sub-a",
          "rollup-b");

  @TempDir static Path dataDir;

  private Gateway gateway;
  private MqttTestClients mqtt;

  @BeforeAll
  void startGateway() {
    CredentialsFile.update(
        dataDir.resolve(CredentialsFile.DEFAULT_NAME),
        credentials -> {
          for (String device : DEVICES) {
            credentials.put(device, credential(device, Role.DEVICE, password(device)));
          }
          credentials.put("ops", credential("ops", Role.OPERATOR, "password-ops"));
          return credentials;
        });
    gateway =
        TestGateways.start(
            dataDir,
            Map.of(
                "tern.gateway.max-event-age", "36500d", // T0 is in 2023
                "tern.gateway.rollup-window", "10s",
                // no silence alerts for the devices of earlier tests (an announced OFFLINE is not
                // a silence: it raises its alert at once)
                "tern.gateway.alert-min-silence", "1h"));
  }

  private static Credential credential(String name, Role role, String password) {
    return new Credential(new Identity(name, role), PasswordHash.of(password.toCharArray(), 1000));
  }

  private static String password(String device) {
    return "password-" + device;
  }

  @BeforeEach
  void clients() {
    mqtt = new MqttTestClients(gateway::mqttPort);
  }

  @AfterEach
  void closeClients() throws MqttException {
    mqtt.close();
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void connect_withoutOrWithWrongCredentials_isRefusedWithTheReasonCode() throws Exception {
    long badBefore = refusals("connect", "BAD_USER_NAME_OR_PASSWORD");
    long idBefore = refusals("connect", "CLIENT_IDENTIFIER_NOT_VALID");

    assertThat(connectFailure("dev-a", null, null)).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    assertThat(connectFailure("dev-a", "dev-a", password("dev-b")))
        .isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    assertThat(connectFailure("nobody", "nobody", password("dev-a")))
        .isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    assertThat(connectFailure("dev-b", "dev-a", password("dev-a")))
        .isEqualTo(CLIENT_IDENTIFIER_NOT_VALID);
    assertThat(connectFailure("dev-a", "ops", "password-ops"))
        .isEqualTo(CLIENT_IDENTIFIER_NOT_VALID);

    assertThat(connectDevice("dev-a").isConnected()).isTrue();
    assertThat(mqtt.connect("ops-console", "ops", "password-ops").isConnected()).isTrue();
    assertThat(refusals("connect", "BAD_USER_NAME_OR_PASSWORD") - badBefore).isEqualTo(3);
    assertThat(refusals("connect", "CLIENT_IDENTIFIER_NOT_VALID") - idBefore).isEqualTo(2);
  }

  @Test
  void deviceA_publishingToB_getsNotAuthorized_andNothingReachesThePipeline() throws Exception {
    GatewayStats before = gateway.stats();
    long refusedBefore = refusals("publish", "NOT_AUTHORIZED");
    MqttClient a = connectDevice("pub-a");

    byte[] spoofed = MqttTestClients.temperatureBatch("pub-b", 0, T0, values(20));
    assertThat(MqttTestClients.publish(a, "tern/v1/telemetry/pub-b", spoofed))
        .isEqualTo(NOT_AUTHORIZED);

    // B's own data goes through: once it is processed, A's would have been too.
    MqttClient b = connectDevice("pub-b");
    byte[] own = MqttTestClients.temperatureBatch("pub-b", 100, T0 + 60_000, values(5));
    assertThat(MqttTestClients.publish(b, "tern/v1/telemetry/pub-b", own)).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(gateway.stats().readings() - before.readings()).isEqualTo(5));
    GatewayStats after = gateway.stats();
    assertThat(after.batches() - before.batches()).isEqualTo(1);
    assertThat(after.deadLetters() - before.deadLetters()).isZero();
    assertThat(refusals("publish", "NOT_AUTHORIZED") - refusedBefore).isEqualTo(1);
  }

  /**
   * HiveMQ runs the interceptor before the authorizer: a spoofed OFFLINE status must not raise the
   * victim's OFFLINE alert on its way to the refusal.
   */
  @Test
  void spoofedOfflineStatus_isNotAuthorized_andRaisesNoAlert() throws Exception {
    GatewayStats before = gateway.stats();
    MqttClient b = connectDevice("spoof-b");
    long now = System.currentTimeMillis();
    byte[] first = MqttTestClients.temperatureBatch("spoof-b", 0, now - 3000, values(3));
    assertThat(MqttTestClients.publish(b, "tern/v1/telemetry/spoof-b", first)).isZero();
    MqttClient a = connectDevice("spoof-a");

    assertThat(
            MqttTestClients.publish(
                a, "tern/v1/status/spoof-b", MqttTestClients.offlineStatus("spoof-b")))
        .isEqualTo(NOT_AUTHORIZED);

    // The journal is ordered: once B's next reading is processed, a spoof would have been too.
    byte[] next = MqttTestClients.temperatureBatch("spoof-b", 3, now, values(1));
    assertThat(MqttTestClients.publish(b, "tern/v1/telemetry/spoof-b", next)).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(gateway.stats().readings() - before.readings()).isEqualTo(4));
    assertThat(gateway.stats().alertsRaised() - before.alertsRaised()).isZero();
  }

  @Test
  void device_mayNotPublishAnotherDevicesStatusNorOutputs() throws Exception {
    long refusedBefore = refusals("publish", "NOT_AUTHORIZED");
    MqttClient a = connectDevice("out-a");
    assertThat(MqttTestClients.publish(a, "tern/v1/status/out-b", new byte[0]))
        .isEqualTo(NOT_AUTHORIZED);
    MqttClient b = connectDevice("out-b");
    assertThat(MqttTestClients.publish(b, "tern/v1/alerts/out-b/temperature", new byte[] {1}))
        .isEqualTo(NOT_AUTHORIZED);
    assertThat(refusals("publish", "NOT_AUTHORIZED") - refusedBefore).isEqualTo(2);
  }

  @Test
  void device_wildcardAndForeignSubscriptions_areRefused() throws Exception {
    long refusedBefore = refusals("subscribe", "NOT_AUTHORIZED");
    MqttClient a = connectDevice("sub-a");

    int[] codes =
        subscribe(
            a,
            "tern/v1/commands/sub-a",
            "#",
            "tern/v1/commands/+",
            "$SYS/#",
            "tern/v1/alerts/#",
            "tern/v1/commands/dev-b");

    assertThat(codes)
        .containsExactly(
            1, NOT_AUTHORIZED, NOT_AUTHORIZED, NOT_AUTHORIZED, NOT_AUTHORIZED, NOT_AUTHORIZED);
    assertThat(refusals("subscribe", "NOT_AUTHORIZED") - refusedBefore).isEqualTo(5);
  }

  @Test
  void operator_readsAlertsAndRollups_butPublishesNothing() throws Exception {
    MqttClient ops = mqtt.connect("ops-console", "ops", "password-ops");
    List<Received> received = new CopyOnWriteArrayList<>();
    int[] codes =
        subscribe(
            ops,
            received,
            "tern/v1/alerts/#",
            "tern/v1/rollups/#",
            "tern/v1/dlq/+",
            "tern/v1/status/#",
            "tern/v1/telemetry/#",
            "tern/v1/#");
    assertThat(codes).containsExactly(1, 1, 1, 1, NOT_AUTHORIZED, NOT_AUTHORIZED);

    MqttClient b = connectDevice("rollup-b");
    byte[] batch = MqttTestClients.temperatureBatch("rollup-b", 0, T0, values(20));
    assertThat(MqttTestClients.publish(b, "tern/v1/telemetry/rollup-b", batch)).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(received)
                    .extracting(Received::topic)
                    .contains("tern/v1/rollups/rollup-b/temperature"));
    assertThat(MqttTestClients.publish(ops, "tern/v1/telemetry/rollup-b", batch))
        .isEqualTo(NOT_AUTHORIZED);
  }

  private MqttClient connectDevice(String device) throws MqttException {
    return mqtt.connect(device, device, password(device));
  }

  /** {@code count} steady readings. */
  private static List<Double> values(int count) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(21.0 + 0.01 * i);
    }
    return values;
  }

  /** Subscribes with QoS 1 in one SUBSCRIBE; returns the SUBACK reason codes. */
  private static int[] subscribe(MqttClient client, List<Received> into, String... filters)
      throws MqttException {
    MqttSubscription[] subscriptions = new MqttSubscription[filters.length];
    IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
    for (int i = 0; i < filters.length; i++) {
      subscriptions[i] = new MqttSubscription(filters[i], 1);
      listeners[i] = (topic, message) -> into.add(new Received(topic, message));
    }
    IMqttToken token = client.subscribe(subscriptions, listeners);
    return token.getReasonCodes();
  }

  private static int[] subscribe(MqttClient client, String... filters) throws MqttException {
    return subscribe(client, new CopyOnWriteArrayList<>(), filters);
  }

  private int connectFailure(String clientId, String name, String password) {
    MqttException refused =
        (MqttException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> {
                  if (name == null) {
                    mqtt.connect(clientId);
                  } else {
                    mqtt.connect(clientId, name, password);
                  }
                });
    assertThat(refused).as("CONNECT of %s as %s", clientId, name).isNotNull();
    return refused.getReasonCode();
  }

  private long refusals(String packet, String reason) throws Exception {
    return TestGateways.refusals(gateway, packet, reason);
  }
}
