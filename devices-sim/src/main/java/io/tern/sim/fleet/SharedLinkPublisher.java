package io.tern.sim.fleet;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.net.URI;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT side of a {@code direct} device in a scenario with a {@code load} block: one MQTT 5
 * session (client id = device id) on the fleet's {@link SharedLinks} event loop, opened when the
 * connect rate allows and again {@value #RECONNECT_MS} ms after it was lost. Batches are published
 * with QoS 1, at most {@code window} unacknowledged, in the order they were queued; each is kept in
 * memory until its PUBACK, published again after a lost connection or a refusing PUBACK. After a
 * batch's first PUBACK it is, with the current duplicate share's chance, queued once more.
 *
 * <p>Threads: {@link #enqueue} from the clock thread, connects and retries on {@code
 * sim-load-connect}, PUBACKs and connection loss on the MQTT client's threads; state under {@code
 * this}.
 */
final class SharedLinkPublisher implements BatchPublisher {

  private static final Logger log = LoggerFactory.getLogger(SharedLinkPublisher.class);
  static final long RECONNECT_MS = 1_000;
  private static final long RETRY_MS = 50;

  /** One batch; {@code order} keeps the queue in publishing order across retries. */
  private static final class Outgoing {
    final long order;
    final byte[] payload;
    final int readings;
    final boolean duplicate;
    long sentNanos;
    boolean acked;

    Outgoing(long order, byte[] payload, int readings, boolean duplicate) {
      this.order = order;
      this.payload = payload;
      this.readings = readings;
      this.duplicate = duplicate;
    }
  }

  private final String deviceId;
  private final String topic;
  private final SharedLinks links;
  private final Mqtt5AsyncClient client;
  private final AckCount count;
  private final PriorityQueue<Outgoing> queue =
      new PriorityQueue<>(Comparator.comparingLong(o -> o.order));
  private long nextOrder;
  private int inFlight;
  private boolean closed;

  /**
   * Creates the session and asks for its connection.
   *
   * @throws IllegalArgumentException if {@code brokerUri} is not {@code tcp://host:port}
   */
  SharedLinkPublisher(
      String deviceId,
      String brokerUri,
      SharedLinks links,
      DoubleSupplier duplicateShare,
      SplittableRandom random) {
    URI broker = URI.create(brokerUri);
    if (!"tcp".equals(broker.getScheme()) || broker.getHost() == null || broker.getPort() < 0) {
      throw new IllegalArgumentException(
          "the load block's devices need a tcp://host:port broker, got " + brokerUri);
    }
    this.deviceId = deviceId;
    this.topic = "tern/v1/telemetry/" + deviceId;
    this.links = links;
    this.count = new AckCount(duplicateShare, random);
    this.client =
        Mqtt5Client.builder()
            .identifier(deviceId)
            .serverHost(broker.getHost())
            .serverPort(broker.getPort())
            .executorConfig(links.executorConfig())
            .addDisconnectedListener(this::disconnected)
            .buildAsync();
    links.requestConnect(this::connect);
  }

  private void connect() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    client
        .connectWith()
        .cleanStart(true)
        .keepAlive(30)
        .send()
        .thenRun(this::pump)
        .exceptionally(
            e -> {
              log.debug("Load device {}: connect failed: {}", deviceId, String.valueOf(e));
              return null;
            });
  }

  /** A failed connect or a lost connection: connect again later (in-flight publishes fail). */
  private void disconnected(MqttClientDisconnectedContext context) {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    log.debug("Load device {}: disconnected: {}", deviceId, String.valueOf(context.getCause()));
    links.later(() -> links.requestConnect(this::connect), RECONNECT_MS);
  }

  @Override
  public synchronized void enqueue(byte[] payload, int readings) {
    queue.add(new Outgoing(nextOrder++, payload, readings, false));
    pump();
  }

  @Override
  public synchronized void pump() {
    while (!closed
        && inFlight < links.settings().window()
        && !queue.isEmpty()
        && client.getState().isConnected()) {
      Outgoing next = queue.poll();
      inFlight++;
      next.sentNanos = System.nanoTime();
      client
          .publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(next.payload)
          .send()
          .whenComplete((result, error) -> completed(next, result, error));
    }
  }

  private void completed(Outgoing o, Mqtt5PublishResult result, Throwable error) {
    Throwable failure = error != null ? error : result.getError().orElse(null);
    if (failure == null) {
      acked(o, System.nanoTime() - o.sentNanos);
      pump();
      return;
    }
    synchronized (this) {
      inFlight--;
    }
    boolean refused = failure instanceof Mqtt5PubAckException;
    if (refused) {
      links.refused();
      log.debug("Load device {}: batch refused: {}", deviceId, failure.getMessage());
    }
    // Queued again a little later, never from this callback (it may run inside pump()): after a
    // refusal, or after the connection went (the reconnect publishes it first, by its order).
    links.later(() -> requeue(o), refused ? RETRY_MS : RECONNECT_MS);
  }

  private synchronized void requeue(Outgoing o) {
    queue.add(o);
    pump();
  }

  private synchronized void acked(Outgoing o, long latencyNanos) {
    inFlight--;
    if (o.acked) {
      return;
    }
    o.acked = true;
    links.acked(o.readings, latencyNanos, o.duplicate);
    if (count.acked(o.readings, o.duplicate)) {
      queue.add(new Outgoing(nextOrder++, o.payload, o.readings, true));
    }
  }

  @Override
  public synchronized long ackedReadings() {
    return count.readings();
  }

  @Override
  public synchronized long duplicatesSent() {
    return count.duplicates();
  }

  @Override
  public boolean connected() {
    return client.getState().isConnected();
  }

  /** Starts the disconnect; {@link SharedLinks#close()} waits for it. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    if (client.getState().isConnected()) {
      links.disconnecting(
          client
              .disconnect()
              .exceptionally(
                  e -> {
                    log.debug("Load device {}: disconnect failed: {}", deviceId, e.toString());
                    return null;
                  }));
    }
  }
}
