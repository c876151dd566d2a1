package io.tern.bridge.sink.mqtt;

import io.tern.bridge.output.Output;
import io.tern.bridge.output.OutputKind;
import io.tern.bridge.outputlog.OutputJson;
import io.tern.bridge.sink.Sink;
import io.tern.bridge.sink.SinkException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every output to a remote MQTT v5 broker with QoS 1, as JSON like the gateway's own MQTT
 * outputs, on {@code <prefix>/rollups/{deviceId}/{metric}} and {@code
 * <prefix>/alerts/{deviceId}/{metric}}, content type {@code application/json}, user properties
 * {@code id} (the output's deterministic id: consumers dedupe on it) and {@code kind}.
 *
 * <p><b>At-least-once:</b> a batch counts as durable once the broker acknowledged (PUBACK) every
 * publish; the output log (source) is the sink's buffer and its committed position the resume
 * point, so a crash or disconnect repeats at most the unacknowledged batch. Publishes of one device
 * go in log order through one connection with a bounded in-flight window ({@code maxInFlight}), so
 * they stay in order per device. Called by the delivery thread only (Paho's callbacks are not
 * used).
 */
public final class MqttSink implements Sink {

  private static final Logger LOG = LoggerFactory.getLogger(MqttSink.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SLOT_RETRY = Duration.ofMillis(2);

  private final MqttSinkConfig config;
  private final Deque<IMqttToken> inFlight = new ArrayDeque<>();
  private MqttAsyncClient client;
  private int window;

  public MqttSink(MqttSinkConfig config) {
    this.config = config;
  }

  @Override
  public OptionalLong resumePosition() throws SinkException {
    connect();
    return OptionalLong.empty();
  }

  @Override
  public void deliver(List<Output> batch, long lastPosition) throws SinkException {
    MqttAsyncClient current = connect();
    for (Output output : batch) {
      MqttMessage message = message(output);
      String topic = topic(output);
      while (inFlight.size() >= window) {
        awaitOldest();
      }
      awaitPahoSlot(current);
      try {
        inFlight.add(current.publish(topic, message));
      } catch (MqttException e) {
        throw failure("publish to " + topic, e);
      }
    }
  }

  /**
   * Paho releases an in-flight slot a little after the acknowledgement, and a publish refused for
   * lack of a slot (32202) leaves a topic alias behind that the broker never saw (it then
   * disconnects with "topic alias invalid"). So wait until Paho itself has a free slot; only this
   * thread publishes, so the count can only go down meanwhile.
   */
  private void awaitPahoSlot(MqttAsyncClient current) throws SinkException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (current.getInFlightMessageCount() >= window) {
      if (System.nanoTime() - deadline > 0) {
        throw failure("publish (no free in-flight slot within " + TIMEOUT + ")", null);
      }
      LockSupport.parkNanos(SLOT_RETRY.toNanos());
    }
  }

  @Override
  public void flush() throws SinkException {
    while (!inFlight.isEmpty()) {
      awaitOldest();
    }
  }

  @Override
  public void close() {
    inFlight.clear();
    if (client != null) {
      try {
        if (client.isConnected()) {
          client.disconnect(TIMEOUT.toMillis()).waitForCompletion(TIMEOUT.toMillis());
        }
      } catch (MqttException e) {
        LOG.debug("Disconnect from {} failed: {}", config.serverUri(), e.toString());
      }
      discardClient();
    }
  }

  private String topic(Output output) {
    String kind =
        switch (output.kind()) {
          case ROLLUP -> "rollups";
          case ALERT -> "alerts";
          case GAP -> "gaps";
        };
    String topic = config.topicPrefix() + "/" + kind + "/" + output.deviceId();
    return output.kind() == OutputKind.GAP ? topic : topic + "/" + OutputJson.metric(output);
  }

  private static MqttMessage message(Output output) {
    MqttMessage message = new MqttMessage(OutputJson.json(output));
    message.setQos(1);
    message.setRetained(false);
    MqttProperties properties = new MqttProperties();
    properties.setContentType("application/json");
    properties.setPayloadFormat(true);
    properties.setUserProperties(
        List.of(
            new UserProperty("id", output.id()),
            new UserProperty("kind", output.kind().name().toLowerCase(java.util.Locale.ROOT))));
    message.setProperties(properties);
    return message;
  }

  private void awaitOldest() throws SinkException {
    IMqttToken token = inFlight.peekFirst();
    try {
      token.waitForCompletion(TIMEOUT.toMillis());
      inFlight.removeFirst();
    } catch (MqttException e) {
      throw failure("acknowledgement of a publish", e);
    }
    int[] reasons = token.getReasonCodes();
    if (reasons != null && reasons.length > 0 && reasons[0] >= 0x80) {
      throw failure("publish (PUBACK reason 0x" + Integer.toHexString(reasons[0]) + ")", null);
    }
  }

  private MqttAsyncClient connect() throws SinkException {
    if (client != null && client.isConnected()) {
      return client;
    }
    discardClient();
    try {
      MqttAsyncClient created =
          new MqttAsyncClient(config.serverUri(), config.clientId(), new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true); // redelivery comes from the output log, not the session
      options.setAutomaticReconnect(false); // the delivery loop retries with backoff
      options.setConnectionTimeout((int) TIMEOUT.toSeconds());
      options.setKeepAliveInterval(30);
      config.username().ifPresent(options::setUserName);
      config.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
      if (config.tls() || config.caFile().isPresent()) {
        options.setSocketFactory(MqttTls.socketFactory(config));
      }
      client = created;
      IMqttToken connected = created.connect(options);
      connected.waitForCompletion(TIMEOUT.toMillis());
      Integer serverReceiveMaximum =
          connected.getResponseProperties() == null
              ? null
              : connected.getResponseProperties().getReceiveMaximum();
      // One slot below the broker's Receive Maximum: Paho's receiver thread completes a token just
      // before it frees the token's slot, and its sender may take our queued publishes in that
      // instant, so with the full window a publish could still be refused (32202).
      window =
          serverReceiveMaximum == null
              ? config.maxInFlight()
              : Math.max(1, Math.min(config.maxInFlight(), serverReceiveMaximum - 1));
      LOG.info(
          "Connected to MQTT broker {} as {} (in-flight window {})",
          config.serverUri(),
          config.clientId(),
          window);
      return created;
    } catch (IOException e) {
      discardClient();
      throw new SinkException(e.getMessage(), SinkException.Kind.NEEDS_ATTENTION, e);
    } catch (MqttException e) {
      throw failure("connect", e);
    }
  }

  private SinkException failure(String what, MqttException cause) {
    discardClient();
    boolean notAuthorized =
        cause != null
            && (cause.getReasonCode() == MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED
                || cause.getReasonCode() == MqttReturnCode.RETURN_CODE_BAD_USERNAME_OR_PASSWORD);
    Optional<String> tls = MqttTls.describeFailure(cause, config);
    return new SinkException(
        "MQTT "
            + what
            + " failed ("
            + config.serverUri()
            + "): "
            + tls.orElse(String.valueOf(cause)),
        notAuthorized || tls.isPresent()
            ? SinkException.Kind.NEEDS_ATTENTION
            : SinkException.Kind.RETRIABLE,
        cause);
  }

  private void discardClient() {
    inFlight.clear();
    if (client == null) {
      return;
    }
    try {
      client.disconnectForcibly(0, 0, false);
    } catch (MqttException e) {
      LOG.debug("Forced disconnect from {}: {}", config.serverUri(), e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("Closing the MQTT client for {}: {}", config.serverUri(), e.toString());
    }
    client = null;
  }
}
