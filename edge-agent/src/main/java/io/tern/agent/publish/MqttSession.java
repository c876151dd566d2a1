package io.tern.agent.publish;

import io.tern.agent.publish.SessionEvent.Acked;
import io.tern.agent.publish.SessionEvent.ConnectFailed;
import io.tern.agent.publish.SessionEvent.Connected;
import io.tern.agent.publish.SessionEvent.ConnectionLost;
import io.tern.agent.publish.SessionEvent.PublishFailed;
import io.tern.agent.publish.SessionEvent.QuotaExceeded;
import io.tern.agent.publish.SessionEvent.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Paho MQTT v5 client for one connection attempt (a fresh client per attempt: no state survives
 * a drop; replay comes from the outbox).
 *
 * <p>Threads: created, used and closed by the publisher thread. Paho calls the listeners and the
 * callback on its own threads; they never block, they only hand a {@link SessionEvent} to the
 * publisher.
 */
final class MqttSession {
  private static final Logger log = LoggerFactory.getLogger(MqttSession.class);
  private static final int QOS_1 = 1;
  private static final int FIRST_ERROR_REASON_CODE = 0x80;
  private static final int QUOTA_EXCEEDED = 0x97;
  private static final int LAST_REASON_CODE = 0xFF; // above: Paho's own client codes (32xxx)
  private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

  private final MqttAsyncClient client;
  private final String deviceId;
  private final int generation;
  private final Consumer<SessionEvent> events;
  private final BrokerSecurity security;
  private final SSLSocketFactory tls;

  /**
   * @param security credentials and TLS settings
   * @param tls the TLS socket factory built from {@code security} (null without TLS)
   */
  MqttSession(
      String brokerUri,
      String deviceId,
      int generation,
      Consumer<SessionEvent> events,
      BrokerSecurity security,
      SSLSocketFactory tls)
      throws MqttException {
    this.client = new MqttAsyncClient(brokerUri, deviceId, new MemoryPersistence());
    this.deviceId = deviceId;
    this.security = security;
    this.tls = tls;
    this.generation = generation;
    this.events = events;
    client.setCallback(new Callback());
  }

  /** Starts connecting; the outcome arrives as {@link Connected} or {@link ConnectFailed}. */
  void connect(String willTopic, byte[] willPayload, int timeoutSeconds) throws MqttException {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(timeoutSeconds);
    options.setKeepAliveInterval(30);
    if (security.username() != null) {
      options.setUserName(security.username());
    }
    if (security.password() != null) {
      options.setPassword(security.password().getBytes(StandardCharsets.UTF_8));
    }
    if (tls != null) {
      options.setSocketFactory(tls);
      options.setHttpsHostnameVerificationEnabled(true);
    }
    MqttMessage will = new MqttMessage(willPayload, QOS_1, true, new MqttProperties());
    options.setWill(willTopic, will);
    client.connect(options, null, new ConnectListener());
  }

  /**
   * Publishes a batch with QoS 1; the PUBACK arrives as {@link Acked}, {@link QuotaExceeded} or
   * {@link Rejected}.
   */
  void publishBatch(String topic, byte[] payload, long firstSeq) throws MqttException {
    client.publish(topic, payload, QOS_1, false, null, new BatchListener(firstSeq));
  }

  /** Whether a completed publish was refused with PUBACK 0x97 (quota exceeded). */
  static boolean refusedWithQuota(IMqttToken token) {
    int[] reasonCodes = token.getReasonCodes();
    return reasonCodes != null && reasonCodes.length > 0 && reasonCodes[0] == QUOTA_EXCEEDED;
  }

  /** Publishes a retained QoS 1 message (device status); returns its token. */
  IMqttToken publishRetained(String topic, byte[] payload) throws MqttException {
    return client.publish(topic, payload, QOS_1, true);
  }

  /** Sends DISCONNECT (waiting at most {@code timeoutMs}) and releases the client. */
  void closeGracefully(long timeoutMs) {
    try {
      client.disconnect(timeoutMs).waitForCompletion(timeoutMs);
    } catch (MqttException e) {
      log.debug("Disconnect of device {} did not complete: {}", deviceId, e.toString());
    }
    release();
  }

  /** Drops the connection without DISCONNECT (the broker then publishes the will). */
  void closeForcibly() {
    try {
      client.disconnectForcibly(0, 1_000, false);
    } catch (MqttException e) {
      log.debug("Forced disconnect of device {}: {}", deviceId, e.toString());
    }
    release();
  }

  /**
   * What a failed connection attempt means for the user, e.g. "the broker refused the user name or
   * password (MQTT reason code 0x86)" or "the broker's TLS certificate is not trusted ...". Stable
   * for the same cause, so the publisher logs it once per change.
   */
  static String describe(Throwable cause) {
    if (cause instanceof MqttException mqtt
        && mqtt.getReasonCode() >= FIRST_ERROR_REASON_CODE
        && mqtt.getReasonCode() <= LAST_REASON_CODE) {
      int code = mqtt.getReasonCode();
      String what =
          switch (code) {
            case 0x86 -> "the broker refused the user name or password";
            case 0x87 -> "the broker says this client is not authorized";
            case 0x85 -> "the broker refused the client id (device id)";
            case 0x8C -> "the broker refused the authentication method";
            default -> "the broker refused the connection";
          };
      return what + " (MQTT reason code 0x" + Integer.toHexString(code) + ")";
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        String message = String.valueOf(ssl.getMessage());
        if (message.contains("PKIX") || message.contains("certification path")) {
          return "the broker's TLS certificate is not trusted (give its CA with --ca-file): "
              + message;
        }
        if (message.contains("subject alternative") || message.contains("match")) {
          return "the broker's TLS certificate does not match the host of the broker URI: "
              + message;
        }
        return "TLS handshake failed (wrong port, or does the broker need a client certificate?"
            + " see --cert-file): "
            + message;
      }
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == cause ? String.valueOf(cause) : cause + " (" + root + ")";
  }

  private void release() {
    try {
      client.close(true);
    } catch (MqttException e) {
      log.warn("Could not release the MQTT client of device {}: {}", deviceId, e.toString());
    }
  }

  private final class ConnectListener implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
      if (token.getResponse() instanceof MqttConnAck connAck
          && connAck.getProperties().getReceiveMaximum() != null) {
        receiveMaximum = connAck.getProperties().getReceiveMaximum();
      }
      events.accept(new Connected(generation, receiveMaximum));
    }

    @Override
    public void onFailure(IMqttToken token, Throwable cause) {
      events.accept(new ConnectFailed(generation, cause));
    }
  }

  private final class BatchListener implements MqttActionListener {
    private final long firstSeq;

    BatchListener(long firstSeq) {
      this.firstSeq = firstSeq;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      int[] reasonCodes = token.getReasonCodes();
      int code = reasonCodes != null && reasonCodes.length > 0 ? reasonCodes[0] : 0;
      if (code == QUOTA_EXCEEDED) {
        events.accept(new QuotaExceeded(generation, firstSeq));
      } else if (code >= FIRST_ERROR_REASON_CODE) {
        events.accept(new Rejected(generation, firstSeq, code));
      } else {
        events.accept(new Acked(generation, firstSeq));
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable cause) {
      events.accept(new PublishFailed(generation, firstSeq, cause));
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      String reason =
          response.getException() != null
              ? response.getException().toString()
              : "reason code " + response.getReturnCode() + " " + response.getReasonString();
      events.accept(new ConnectionLost(generation, reason));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.warn("MQTT error for device {}: {}", deviceId, exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      log.debug("Ignoring unexpected message on {} for device {}", topic, deviceId);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // Batch outcomes arrive through BatchListener.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      // The outcome arrives through ConnectListener.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      log.debug("Ignoring AUTH packet (reason {}) for device {}", reasonCode, deviceId);
    }
  }
}
