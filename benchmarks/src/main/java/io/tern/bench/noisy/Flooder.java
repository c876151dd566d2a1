package io.tern.bench.noisy;

import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The noisy neighbour: one MQTT v5 connection (client id {@value #CLIENT_ID}) publishing {@link
 * FloodPayloads} at QoS 1 as fast as PUBACKs come back, with up to {@code window} unacknowledged,
 * and never more than the broker's Receive Maximum (as a real client: messages queued in the HiveMQ
 * client beyond it were found stuck after a reconnect, and sending them is the broker's flow
 * control, not a flood). Refused messages are not sent again; every outcome is counted by PUBACK
 * reason code. A lost connection, and each refused reconnect (CONNACK), is counted by reason and
 * re-opened automatically with the HiveMQ client's backoff (200 ms doubling to 2 s, with jitter):
 * the flooder does not give up, and does not spin.
 *
 * <p>It has its own Netty thread ({@code bench-flood-io}), so that on the client side it does not
 * share an event loop with the well-behaved devices. By default it runs in a JVM of its own ({@link
 * FloodWorker}); on a small machine it still shares the CPU.
 *
 * <p>Threading: created, started and closed by the control thread; PUBACKs, publishes and
 * reconnects on {@code bench-flood-io}; state under {@code this}.
 */
final class Flooder implements FloodControl {
  private static final Logger LOG = LoggerFactory.getLogger(Flooder.class);
  static final String CLIENT_ID = "noisy-flooder";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final ExecutorService io;
  private final Mqtt5AsyncClient client;
  private final FloodPayloads payloads;
  private final FloodTally tally = new FloodTally();
  private final int window;
  private int inFlight;
  private boolean running;

  private Flooder(int port, int window, FloodPayloads payloads) {
    this.window = window;
    this.payloads = payloads;
    this.io =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "bench-flood-io");
              t.setDaemon(true);
              return t;
            });
    this.client =
        Mqtt5Client.builder()
            .identifier(CLIENT_ID)
            .serverHost("127.0.0.1")
            .serverPort(port)
            .executorConfig(
                MqttClientExecutorConfig.builder().nettyExecutor(io).nettyThreads(1).build())
            .automaticReconnect()
            .initialDelay(200, TimeUnit.MILLISECONDS)
            .maxDelay(2, TimeUnit.SECONDS)
            .applyAutomaticReconnect()
            .addConnectedListener(context -> pump())
            .addDisconnectedListener(this::disconnected)
            .buildAsync();
  }

  /**
   * Connects the flooder to {@code 127.0.0.1:port}; it publishes nothing before {@link #start}.
   *
   * @param victims device ids to spoof
   * @throws IllegalStateException if it cannot connect within {@code timeout}
   */
  static Flooder connect(int port, int window, List<String> victims, long seed, Duration timeout) {
    Flooder flooder = new Flooder(port, window, new FloodPayloads(CLIENT_ID, victims, seed));
    try {
      flooder
          .client
          .connectWith()
          .cleanStart(true)
          .keepAlive(60)
          .send()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      flooder.close();
      throw new IllegalStateException("the flooder could not connect: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      flooder.close();
      throw new IllegalStateException("interrupted while connecting the flooder", e);
    }
    return flooder;
  }

  @Override
  public void start() {
    synchronized (this) {
      running = true;
    }
    pump();
  }

  @Override
  public FloodCounts counts() {
    return tally.snapshot();
  }

  /** Fills the window; publishes outside the lock (a failed publish may complete at once). */
  private void pump() {
    List<FloodMessage> next = new ArrayList<>();
    synchronized (this) {
      long now = System.currentTimeMillis();
      int limit = Math.min(window, sendMaximum());
      while (running && inFlight < limit && client.getState().isConnected()) {
        inFlight++;
        next.add(payloads.next(now));
      }
    }
    for (FloodMessage message : next) {
      tally.attempted(message.kind());
      client
          .publishWith()
          .topic(message.topic())
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(message.payload())
          .send()
          .whenComplete((result, error) -> completed(message.kind(), result, error));
    }
  }

  /** The broker's Receive Maximum on the current connection (the window's if not connected). */
  private int sendMaximum() {
    return client
        .getConfig()
        .getConnectionConfig()
        .map(connection -> connection.getRestrictionsForClient().getSendMaximum())
        .orElse(window);
  }

  private void completed(FloodKind kind, Mqtt5PublishResult result, Throwable error) {
    Throwable failure = error != null ? error : result.getError().orElse(null);
    if (failure instanceof Mqtt5PubAckException refusal) {
      tally.pubAck(kind, reason(refusal.getMqttMessage().getReasonCode()), false);
    } else if (failure != null) {
      tally.noPuback(kind, failure.getClass().getSimpleName());
    } else if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1) {
      Mqtt5PubAckReasonCode code = qos1.getPubAck().getReasonCode();
      tally.pubAck(kind, reason(code), !code.isError());
    } else {
      tally.noPuback(kind, "not a QoS 1 result");
    }
    synchronized (this) {
      inFlight--;
      notifyAll();
    }
    pump();
  }

  static String reason(Mqtt5PubAckReasonCode code) {
    return "%s (0x%02X)".formatted(code.name(), code.getCode());
  }

  private void disconnected(MqttClientDisconnectedContext context) {
    if (context.getSource() == MqttDisconnectSource.USER) {
      return;
    }
    Throwable cause = context.getCause();
    String reason;
    if (cause instanceof Mqtt5DisconnectException e) {
      reason = "DISCONNECT " + e.getMqttMessage().getReasonCode();
    } else if (cause instanceof Mqtt5ConnAckException e) {
      reason = "CONNACK " + e.getMqttMessage().getReasonCode(); // a refused reconnect
    } else {
      reason = cause == null ? "unknown" : cause.getClass().getSimpleName();
    }
    tally.disconnected(reason);
    LOG.debug("Flooder disconnected ({}), reconnecting: {}", reason, String.valueOf(cause));
  }

  /** Stops publishing and waits (up to 15 s) for the messages in flight to be answered. */
  @Override
  public void stop() {
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    synchronized (this) {
      running = false;
      try {
        while (inFlight > 0 && client.getState().isConnected()) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            LOG.warn("{} flood messages still unanswered after {}", inFlight, STOP_TIMEOUT);
            return;
          }
          wait(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops, disconnects (up to 10 s) and ends the Netty thread. */
  @Override
  public void close() {
    stop();
    try {
      if (client.getState().isConnectedOrReconnect()) {
        client.disconnect().get(10, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MqttClientStateException) {
        // between two reconnect attempts (cooled down by the gateway): nothing to disconnect
        LOG.debug("The flooder was not connected at the end: {}", e.getCause().toString());
      } else {
        LOG.warn("The flooder did not disconnect cleanly: {}", e.toString());
      }
    } catch (TimeoutException e) {
      LOG.warn("The flooder did not disconnect within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      io.shutdown();
    }
  }
}
