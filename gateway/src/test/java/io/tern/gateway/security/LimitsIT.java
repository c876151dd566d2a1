package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.gateway.Gateway;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.RawMqtt;
import io.tern.gateway.testing.RawMqtt.Packet;
import io.tern.gateway.testing.TestGateways;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The abuse limits against one real gateway with small limits (credentials on, so the connection
 * rate is checked in front of the password check), real Paho clients and, for what Paho will not
 * do, a bare socket ({@link RawMqtt}).
 */
class LimitsIT {
  private static final long T0 = 1_700_000_000_000L;
  private static final int QUOTA_EXCEEDED = 0x97;
  private static final int CONNECTION_RATE_EXCEEDED = 0x9F;
  private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
  private static final int PACKET_TOO_LARGE = 0x95;
  private static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
  private static final int MAX_CONNECTIONS = 4;
  private static final int MAX_IN_FLIGHT = 5;
  private static final int PUBLISH_BURST = 5;

  /** More than publishesOverTheRate's 10 refusals; the flood test sends past it at once. */
  private static final int FLOOD_DISCONNECT_AFTER = 12;

  private static final Duration FLOOD_COOLDOWN = Duration.ofSeconds(3);

  /** Fewer than the publish burst: the invalid messages are all admitted by the rate limit. */
  private static final int INVALID_BURST = 3;

  private static final Duration MAX_SESSION_EXPIRY = Duration.ofMinutes(1);

  private static final int PAYLOAD_FORMAT_INVALID = 0x99;
  private static final String PASSWORD = "password-1";

  @TempDir static Path dataDir;
  private static Gateway gateway;

  private final MqttTestClients mqtt = new MqttTestClients(() -> gateway.mqttPort());
  private final List<RawMqtt> sockets = new ArrayList<>();

  @BeforeAll
  static void startGateway() {
    CredentialsFile.update(
        dataDir.resolve(CredentialsFile.DEFAULT_NAME),
        credentials -> {
          for (int i = 1; i <= 13; i++) {
            Identity device = new Identity("dev-" + i, Role.DEVICE);
            credentials.put(
                device.name(),
                new Credential(device, PasswordHash.of(PASSWORD.toCharArray(), 1000)));
          }
          return credentials;
        });
    Map<String, Object> settings =
        new HashMap<>(
            Map.of(
                "tern.gateway.max-event-age",
                "36500d",
                "tern.gateway.limits.max-packet-size",
                "4KB",
                "tern.gateway.limits.publish-rate",
                "1",
                "tern.gateway.limits.publish-burst",
                PUBLISH_BURST,
                "tern.gateway.limits.flood-disconnect-after",
                FLOOD_DISCONNECT_AFTER,
                "tern.gateway.limits.flood-cooldown",
                FLOOD_COOLDOWN.toMillis() + "ms",
                "tern.gateway.limits.max-in-flight",
                MAX_IN_FLIGHT,
                "tern.gateway.limits.connect-rate",
                "5",
                "tern.gateway.limits.connect-timeout",
                "500ms",
                "tern.gateway.limits.max-connections",
                MAX_CONNECTIONS));
    settings.put("tern.gateway.limits.invalid-rate", 1);
    settings.put("tern.gateway.limits.invalid-burst", INVALID_BURST);
    settings.put("tern.gateway.limits.max-session-expiry", MAX_SESSION_EXPIRY.getSeconds() + "s");
    gateway = TestGateways.start(dataDir, settings);
  }

  @AfterAll
  static void stopGateway() {
    gateway.close();
  }

  @AfterEach
  void closeClients() throws Exception {
    mqtt.close();
    for (RawMqtt socket : sockets) {
      socket.close();
    }
  }

  @Test
  void publishesOverTheRate_getQuotaExceeded_andAreNotJournaled() throws Exception {
    MqttClient device = connect("dev-1");
    long readingsBefore = gateway.stats().readings();
    long refusedBefore = refusals("publish", "QUOTA_EXCEEDED");

    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 3 * PUBLISH_BURST; i++) {
      byte[] batch = MqttTestClients.temperatureBatch("dev-1", 10L * i, T0, List.of(20.0, 21.0));
      codes.add(MqttTestClients.publish(device, "tern/v1/telemetry/dev-1", batch));
    }

    long accepted = codes.stream().filter(code -> code == 0).count();
    long refused = codes.stream().filter(code -> code == QUOTA_EXCEEDED).count();
    assertThat(accepted + refused).as("codes %s", codes).isEqualTo(codes.size());
    assertThat(accepted).as("the burst passes").isGreaterThanOrEqualTo(PUBLISH_BURST);
    assertThat(refused).as("codes %s", codes).isPositive();
    assertThat(refusals("publish", "QUOTA_EXCEEDED") - refusedBefore).isEqualTo(refused);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(gateway.stats().readings() - readingsBefore).isEqualTo(2 * accepted));
    assertThat(device.isConnected()).as("a refusal does not end the connection").isTrue();
  }

  @Test
  void connectsOverTheRate_getConnectionRateExceeded_beforeThePasswordCheck() throws Exception {
    long wrongBefore = refusals("connect", "BAD_USER_NAME_OR_PASSWORD");
    long rateBefore = refusals("connect", "CONNECTION_RATE_EXCEEDED");
    int attempts = 20;
    int wrong = 0;
    int rateLimited = 0;
    for (int i = 0; i < attempts; i++) {
      try (RawMqtt socket = new RawMqtt(gateway.mqttPort())) {
        int code = socket.connect("dev-2", "dev-2", "wrong-password");
        if (code == BAD_USER_NAME_OR_PASSWORD) {
          wrong++;
        } else if (code == CONNECTION_RATE_EXCEEDED) {
          rateLimited++;
        }
      }
    }

    assertThat(rateLimited).as("refused by the rate (5/s, burst 10)").isPositive();
    assertThat(refusals("connect", "CONNECTION_RATE_EXCEEDED") - rateBefore).isEqualTo(rateLimited);
    assertThat(refusals("connect", "BAD_USER_NAME_OR_PASSWORD") - wrongBefore)
        .as("only the admitted attempts reached the password check")
        .isEqualTo(wrong);
    assertThat(connect("dev-2").isConnected()).as("the bucket refills").isTrue();
  }

  @Test
  void aPublishOverTheMaxPacketSize_endsTheConnection_withPacketTooLarge() throws Exception {
    RawMqtt socket = rawConnect("dev-3");

    socket.write(RawMqtt.publish("tern/v1/telemetry/dev-3", 1, new byte[8 * 1024]));

    assertThat(nextDisconnect(socket)).isEqualTo(PACKET_TOO_LARGE);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> refusals("disconnect", "PACKET_TOO_LARGE") >= 1);
  }

  @Test
  void moreUnacknowledgedPublishesThanTheReceiveMaximum_endTheConnection() throws Exception {
    RawMqtt socket = rawConnect("dev-4");
    ByteArrayOutputStream flood = new ByteArrayOutputStream();
    for (int id = 1; id <= 10 * MAX_IN_FLIGHT; id++) {
      flood.writeBytes(RawMqtt.publish("tern/v1/telemetry/dev-4", id, new byte[] {1}));
    }

    socket.write(flood.toByteArray()); // all at once: no time for PUBACKs in between

    assertThat(nextDisconnect(socket)).isEqualTo(RECEIVE_MAXIMUM_EXCEEDED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> refusals("disconnect", "RECEIVE_MAXIMUM_EXCEEDED") >= 1);
  }

  @Test
  void aSocketThatNeverSendsConnect_isClosed() throws Exception {
    RawMqtt socket = new RawMqtt(gateway.mqttPort());
    sockets.add(socket);
    // connect-timeout is 500 ms here; with HiveMQ's default of 10 s the read would time out.
    socket.readTimeout(Duration.ofSeconds(5));

    assertThat(socket.readUntilClosed()).isEqualTo(-1);
  }

  @Test
  void aLongerSessionExpiryThanTheMaximum_isCutToIt_inTheConnack() throws Exception {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName("dev-13");
    options.setPassword(PASSWORD.getBytes(StandardCharsets.UTF_8));
    options.setCleanStart(false);
    options.setSessionExpiryInterval(Duration.ofDays(7).toSeconds());
    MqttClient device =
        new MqttClient("tcp://localhost:" + gateway.mqttPort(), "dev-13", new MemoryPersistence());
    try {
      IMqttToken connected =
          await()
              .atMost(Duration.ofSeconds(30))
              .ignoreException(MqttException.class)
              .until(() -> device.connectWithResult(options), token -> token != null);

      assertThat(connected.getResponseProperties().getSessionExpiryInterval())
          .as("the CONNACK's Session Expiry Interval")
          .isEqualTo(MAX_SESSION_EXPIRY.getSeconds());
    } finally {
      if (device.isConnected()) {
        device.disconnect();
      }
      device.close();
    }
  }

  @Test
  void connectionsOverTheCap_areRefusedWithQuotaExceeded_untilOneCloses() throws Exception {
    long refusedBefore = refusals("connect", "QUOTA_EXCEEDED");
    List<MqttClient> open = new ArrayList<>();
    MqttException refusal = null;
    for (int i = 5; i <= 9 && refusal == null; i++) {
      try {
        open.add(connect("dev-" + i));
      } catch (MqttException e) {
        refusal = e;
      }
    }

    assertThat(refusal).as("a connection beyond %d", MAX_CONNECTIONS).isNotNull();
    assertThat(refusal.getReasonCode()).isEqualTo(QUOTA_EXCEEDED);
    assertThat(open).hasSizeLessThanOrEqualTo(MAX_CONNECTIONS);
    assertThat(refusals("connect", "QUOTA_EXCEEDED") - refusedBefore).isPositive();

    open.get(0).disconnect();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> connect("dev-9").isConnected());
  }

  @Test
  void aClientThatKeepsPublishingWhileRefused_isDisconnected_andRefusedUntilItCooledDown()
      throws Exception {
    long disconnectsBefore = refusals("disconnect", "QUOTA_EXCEEDED");
    long connectsBefore = refusals("connect", "CONNECTION_RATE_EXCEEDED");
    RawMqtt socket = rawConnect("dev-10");
    List<Integer> acks = new ArrayList<>();
    int disconnect = -1;
    try {
      // One PUBLISH at a time (within the in-flight limit), ignoring every QUOTA_EXCEEDED.
      for (int id = 1; id <= 10 * FLOOD_DISCONNECT_AFTER && disconnect == -1; id++) {
        socket.write(RawMqtt.publish("tern/v1/telemetry/dev-10", id, batch("dev-10", id)));
        Packet answer = socket.read();
        if (answer.type() == Packet.DISCONNECT) {
          disconnect = answer.reasonCode();
        } else {
          acks.add(answer.reasonCode());
        }
      }
    } catch (java.io.EOFException e) {
      // closed right after the DISCONNECT, or without one: the assertion below says which
    }

    assertThat(disconnect).as("PUBACK codes before: %s", acks).isEqualTo(QUOTA_EXCEEDED);
    assertThat(acks.stream().filter(code -> code == QUOTA_EXCEEDED).count())
        .as("codes %s", acks)
        .isGreaterThanOrEqualTo(FLOOD_DISCONNECT_AFTER);
    assertThat(refusals("disconnect", "QUOTA_EXCEEDED") - disconnectsBefore).isEqualTo(1);

    try (RawMqtt again = new RawMqtt(gateway.mqttPort())) {
      again.sendConnect("dev-10", "dev-10", PASSWORD);
      Packet connack = again.read();
      assertThat(connack.reasonCode()).isEqualTo(CONNECTION_RATE_EXCEEDED);
      assertThat(new String(connack.body(), StandardCharsets.UTF_8)).contains("cooling down");
    }
    assertThat(refusals("connect", "CONNECTION_RATE_EXCEEDED") - connectsBefore).isPositive();
    rawConnect("dev-10"); // after the cool-down
  }

  @Test
  void aClientSendingInvalidMessages_isDisconnectedWithPayloadFormatInvalid_andCoolsDown()
      throws Exception {
    long disconnectsBefore = refusals("disconnect", "PAYLOAD_FORMAT_INVALID");
    RawMqtt socket = rawConnect("dev-12");
    List<Integer> acks = new ArrayList<>();
    int disconnect = -1;
    try {
      byte[] garbage = "not a protobuf".getBytes(StandardCharsets.UTF_8);
      for (int id = 1; id <= PUBLISH_BURST && disconnect == -1; id++) {
        socket.write(RawMqtt.publish("tern/v1/telemetry/dev-12", id, garbage));
        Packet answer = socket.read();
        if (answer.type() == Packet.DISCONNECT) {
          disconnect = answer.reasonCode();
        } else {
          acks.add(answer.reasonCode());
        }
      }
      if (disconnect == -1) {
        disconnect = socket.read().reasonCode(); // the PUBACK of the last came first
      }
    } catch (java.io.EOFException e) {
      // closed right after the DISCONNECT, or without one: the assertion below says which
    }

    assertThat(disconnect).as("PUBACK codes before: %s", acks).isEqualTo(PAYLOAD_FORMAT_INVALID);
    assertThat(acks.subList(0, INVALID_BURST))
        .as("the burst of invalid messages is answered one by one")
        .containsOnly(PAYLOAD_FORMAT_INVALID);
    assertThat(refusals("disconnect", "PAYLOAD_FORMAT_INVALID") - disconnectsBefore).isEqualTo(1);
    try (RawMqtt again = new RawMqtt(gateway.mqttPort())) {
      again.sendConnect("dev-12", "dev-12", PASSWORD);
      Packet connack = again.read();
      assertThat(connack.reasonCode()).isEqualTo(CONNECTION_RATE_EXCEEDED);
      assertThat(new String(connack.body(), StandardCharsets.UTF_8)).contains("cooling down");
    }
  }

  @Test
  void aClientThatPausesAfterQuotaExceeded_staysConnected() throws Exception {
    long disconnectsBefore = refusals("disconnect", "QUOTA_EXCEEDED");
    RawMqtt socket = rawConnect("dev-11");
    List<Integer> acks = new ArrayList<>();
    int id = 0;
    // Two full windows at once: the burst, then refusals (the window's worth, at most).
    for (int window = 0; window < 2; window++) {
      ByteArrayOutputStream publishes = new ByteArrayOutputStream();
      for (int i = 0; i < MAX_IN_FLIGHT; i++) {
        id++;
        publishes.writeBytes(RawMqtt.publish("tern/v1/telemetry/dev-11", id, batch("dev-11", id)));
      }
      socket.write(publishes.toByteArray());
      for (int i = 0; i < MAX_IN_FLIGHT; i++) {
        acks.add(socket.read().reasonCode());
      }
    }
    assertThat(acks).as("refused in the second window").contains(QUOTA_EXCEEDED);

    // Backs off: one PUBLISH a little slower than the rate (1/s), each admitted.
    for (int i = 0; i < 2; i++) {
      Thread.sleep(1_200);
      id++;
      socket.write(RawMqtt.publish("tern/v1/telemetry/dev-11", id, batch("dev-11", id)));
      assertThat(socket.read().reasonCode()).as("after %s", acks).isZero();
    }
    assertThat(refusals("disconnect", "QUOTA_EXCEEDED") - disconnectsBefore).isZero();
  }

  private static byte[] batch(String device, int seq) {
    return MqttTestClients.temperatureBatch(device, seq, T0, List.of(20.0));
  }

  /** A Paho client of device {@code name}, retried while the connection rate refuses it. */
  private MqttClient connect(String name) throws Exception {
    for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); ; ) {
      try {
        return mqtt.connect(name, name, PASSWORD);
      } catch (MqttException e) {
        if (e.getReasonCode() != CONNECTION_RATE_EXCEEDED || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(250);
      }
    }
  }

  /** A raw connection of device {@code name}, once the connection rate admits it. */
  private RawMqtt rawConnect(String name) throws Exception {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              RawMqtt socket = new RawMqtt(gateway.mqttPort());
              sockets.add(socket);
              return socket.connect(name, name, PASSWORD) == 0 ? socket : null;
            },
            socket -> socket != null);
  }

  /** Skips PUBACKs; returns the DISCONNECT's reason code (-1 if closed without one). */
  private static int nextDisconnect(RawMqtt socket) throws IOException {
    try {
      for (Packet packet = socket.read(); ; packet = socket.read()) {
        if (packet.type() == Packet.DISCONNECT) {
          return packet.reasonCode();
        }
      }
    } catch (java.io.EOFException e) {
      return -1;
    }
  }

  private static long refusals(String packet, String reason) throws Exception {
    return TestGateways.refusals(gateway, packet, reason);
  }
}
