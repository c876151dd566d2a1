package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.tern.gateway.Gateway;
import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.TestGateways;
import io.tern.gateway.testing.TlsTestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener with required client certificates, against one real gateway made from PEM files,
 * with real Paho v5 clients over real TLS sockets: a certificate's CN is the identity; wrong CA,
 * expired and missing certificates fail the handshake; passwords still work on the plain listener.
 */
class TlsIT {
  private static final long T0 = 1_700_000_000_000L;
  private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
  private static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;
  private static final int NOT_AUTHORIZED = 0x87;

  @TempDir static Path dir;

  private static TlsTestPki pki;
  private static Path devA;
  private static Path ops;
  private static Gateway gateway;

  private final List<MqttClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    pki = TlsTestPki.create(dir.resolve("pki"));
    devA = pki.clientCert("dev-a");
    ops = pki.clientCert("ops");
    Path dataDir = dir.resolve("gateway");
    CredentialsFile.update(
        dataDir.resolve(CredentialsFile.DEFAULT_NAME),
        credentials -> {
          credentials.put("ops", credential("ops", Role.OPERATOR));
          credentials.put("dev-p", credential("dev-p", Role.DEVICE));
          return credentials;
        });
    gateway =
        TestGateways.start(
            dataDir,
            Map.of(
                "tern.gateway.tls.port",
                0,
                "tern.gateway.tls.cert",
                pki.serverChainPem().toString(),
                "tern.gateway.tls.key",
                pki.serverKeyPem().toString(),
                "tern.gateway.tls.client-ca",
                pki.caPem().toString(),
                "tern.gateway.tls.client-auth",
                "required",
                "tern.gateway.max-event-age",
                "36500d"));
  }

  private static Credential credential(String name, Role role) {
    return new Credential(
        new Identity(name, role), PasswordHash.of(("password-" + name).toCharArray(), 1000));
  }

  @AfterEach
  void closeClients() throws MqttException {
    for (MqttClient client : clients) {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    }
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void validCertificate_connectsAsItsCn_andItsTelemetryReachesThePipeline() throws Exception {
    long before = gateway.stats().readings();
    MqttClient a = connectTls("dev-a", devA);

    byte[] batch = MqttTestClients.temperatureBatch("dev-a", 0, T0, List.of(20.0, 20.5, 21.0));
    assertThat(MqttTestClients.publish(a, "tern/v1/telemetry/dev-a", batch)).isZero();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(gateway.stats().readings()).isEqualTo(before + 3));
  }

  @Test
  void certificateOfA_publishingToB_getsNotAuthorized_andNothingReachesThePipeline()
      throws Exception {
    long readings = gateway.stats().readings();
    long deadLetters = gateway.stats().deadLetters();
    MqttClient a = connectTls("dev-a", devA);

    byte[] spoofed = MqttTestClients.temperatureBatch("dev-b", 0, T0, List.of(99.0));
    assertThat(MqttTestClients.publish(a, "tern/v1/telemetry/dev-b", spoofed))
        .isEqualTo(NOT_AUTHORIZED);
    // HiveMQ CE disconnects after a refused PUBLISH; A reconnects with its certificate. The
    // journal is ordered: once A's own next batch is processed, the spoof would have been.
    MqttClient again = connectTls("dev-a", devA);
    byte[] own = MqttTestClients.temperatureBatch("dev-a", 1000, T0 + 60_000, List.of(21.0));
    assertThat(MqttTestClients.publish(again, "tern/v1/telemetry/dev-a", own)).isZero();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(gateway.stats().readings()).isEqualTo(readings + 1));
    assertThat(gateway.stats().deadLetters()).isEqualTo(deadLetters);
  }

  @Test
  void clientIdOtherThanTheCn_isRefused() {
    MqttException refused =
        catchThrowableOfType(MqttException.class, () -> connectTls("dev-b", devA));
    assertThat(refused).isNotNull();
    assertThat(refused.getReasonCode()).isEqualTo(CLIENT_IDENTIFIER_NOT_VALID);
  }

  @Test
  void certificatesOfAnotherCa_expired_orMissing_failTheHandshake() {
    for (Path cert :
        new Path[] {pki.clientCertOfOtherCa("dev-a"), pki.expiredClientCert("dev-a"), null}) {
      MqttException refused =
          catchThrowableOfType(MqttException.class, () -> connectTls("dev-a", cert));
      assertThat(refused).as("TLS connect with %s", cert).isNotNull();
      int code = refused.getReasonCode();
      assertThat(code < 0x80 || code > 0xFF)
          .as("refused before MQTT (not CONNACK 0x%x) with %s", code, cert)
          .isTrue();
    }
  }

  @Test
  void certificateOfAnOperator_readsAlerts_aDevicesDoesNot() throws Exception {
    MqttClient operator = connectTls("ops", ops);
    MqttClient device = connectTls("dev-a", devA);

    assertThat(subscribe(operator, "tern/v1/alerts/#")).isEqualTo(1);
    assertThat(subscribe(device, "tern/v1/alerts/#")).isEqualTo(NOT_AUTHORIZED);
  }

  @Test
  void passwordsStillWork_onThePlainListener() throws Exception {
    try (MqttTestClients plain = new MqttTestClients(gateway::mqttPort)) {
      assertThat(plain.connect("dev-p", "dev-p", "password-dev-p").isConnected()).isTrue();
      MqttException anonymous =
          catchThrowableOfType(MqttException.class, () -> plain.connect("dev-q"));
      assertThat(anonymous.getReasonCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    }
  }

  @Test
  void keyStores_areRewrittenForTheOwnerOnly() throws Exception {
    Path tls = dir.resolve("gateway").resolve("broker").resolve("tls");
    for (String store : new String[] {"server.p12", "client-ca.p12"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(store))))
          .isEqualTo("rw-------");
    }
    String config = Files.readString(dir.resolve("gateway").resolve("broker/conf/config.xml"));
    assertThat(config).contains("<protocol>TLSv1.3</protocol>", "REQUIRED");
  }

  private MqttClient connectTls(String clientId, Path clientCert) throws MqttException {
    MqttClient client =
        new MqttClient(
            "ssl://localhost:" + gateway.tlsPort().getAsInt(), clientId, new MemoryPersistence());
    clients.add(client);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setSocketFactory(pki.socketFactory(clientCert));
    options.setCleanStart(true);
    options.setConnectionTimeout(10);
    client.connect(options);
    return client;
  }

  private static int subscribe(MqttClient client, String filter) throws MqttException {
    IMqttMessageListener ignore = (topic, message) -> {};
    return client.subscribe(
            new MqttSubscription[] {new MqttSubscription(filter, 1)},
            new IMqttMessageListener[] {ignore})
        .getReasonCodes()[0];
  }
}
