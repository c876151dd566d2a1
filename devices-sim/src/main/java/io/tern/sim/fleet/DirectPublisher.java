package io.tern.sim.fleet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT side of a {@code direct} device: publishes encoded telemetry batches with QoS 1 on
 * {@code tern/v1/telemetry/{deviceId}}, at most {@value #WINDOW} in flight, and keeps every batch
 * in memory until its PUBACK; batches in flight when the connection drops are sent again (the
 * gateway drops what it already had). After a batch's first PUBACK it is, with the current
 * duplicate share's chance, queued once more: a duplicate publish.
 *
 * <p>Threads: {@link #enqueue} from the clock thread, {@link #pump} from the fleet's {@code
 * sim-direct} thread, acknowledgements and connection loss on Paho's threads; state under {@code
 * this}.
 */
final class DirectPublisher implements BatchPublisher {

  private static final Logger log = LoggerFactory.getLogger(DirectPublisher.class);
  static final int WINDOW = 8;
  private static final long RECONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** One batch to publish; {@code acked} once a PUBACK came for it. */
  private static final class Outgoing {
    final byte[] payload;
    final int readings;
    final boolean duplicate;
    boolean acked;

    Outgoing(byte[] payload, int readings, boolean duplicate) {
      this.payload = payload;
      this.readings = readings;
      this.duplicate = duplicate;
    }
  }

  private final String deviceId;
  private final String topic;
  private final MqttAsyncClient client;
  private final AckCount count;
  private final Deque<Outgoing> queue = new ArrayDeque<>();
  private final List<Outgoing> inFlight = new ArrayList<>();
  private boolean connecting;
  private long nextConnectNanos;
  private boolean closed;

  DirectPublisher(
      String deviceId, String brokerUri, DoubleSupplier duplicateShare, SplittableRandom random) {
    this.deviceId = deviceId;
    this.topic = "tern/v1/telemetry/" + deviceId;
    this.count = new AckCount(duplicateShare, random);
    try {
      this.client = new MqttAsyncClient(brokerUri, deviceId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("cannot create an MQTT client for " + brokerUri, e);
    }
    client.setCallback(new Callback());
  }

  @Override
  public synchronized void enqueue(byte[] payload, int readings) {
    queue.addLast(new Outgoing(payload, readings, false));
  }

  /** Connects if due, then publishes queued batches while the window has room. */
  @Override
  public synchronized void pump() {
    if (closed) {
      return;
    }
    if (!client.isConnected()) {
      if (!connecting && System.nanoTime() - nextConnectNanos >= 0) {
        connect();
      }
      return;
    }
    while (inFlight.size() < WINDOW && !queue.isEmpty()) {
      Outgoing next = queue.pollFirst();
      if (next.acked) {
        continue;
      }
      inFlight.add(next);
      try {
        client.publish(topic, next.payload, 1, false, null, new Acked(next));
      } catch (MqttException e) {
        // Too many in flight (Paho frees its slots late) or the connection is going: retry later.
        log.debug("Direct device {}: publish refused ({}), retrying", deviceId, e.getMessage());
        inFlight.remove(next);
        queue.addFirst(next);
        return;
      }
    }
  }

  private void connect() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(10);
    options.setConnectionTimeout(5);
    connecting = true;
    try {
      client.connect(options, null, new Connected());
    } catch (MqttException e) {
      connectFailed(e);
    }
  }

  private synchronized void connectFailed(Throwable e) {
    connecting = false;
    nextConnectNanos = System.nanoTime() + RECONNECT_NANOS;
    log.debug("Direct device {}: connect failed: {}", deviceId, String.valueOf(e));
  }

  /** The batches in flight go back to the front of the queue, in their order. */
  private synchronized void requeueInFlight() {
    for (int i = inFlight.size() - 1; i >= 0; i--) {
      Outgoing o = inFlight.get(i);
      if (!o.acked) {
        queue.addFirst(o);
      }
    }
    inFlight.clear();
    nextConnectNanos = System.nanoTime() + RECONNECT_NANOS;
  }

  private synchronized void acked(Outgoing o) {
    inFlight.remove(o);
    if (o.acked) {
      return;
    }
    o.acked = true;
    if (count.acked(o.readings, o.duplicate)) {
      queue.addLast(new Outgoing(o.payload, o.readings, true));
    }
  }

  private synchronized void failed(Outgoing o) {
    if (inFlight.remove(o) && !o.acked) {
      queue.addFirst(o);
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
    return client.isConnected();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      log.debug("Direct device {}: disconnect failed", deviceId, e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      log.warn("Direct device {}: closing the MQTT client failed", deviceId, e);
    }
  }

  private final class Acked implements MqttActionListener {
    private final Outgoing outgoing;

    Acked(Outgoing outgoing) {
      this.outgoing = outgoing;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      acked(outgoing);
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      failed(outgoing);
    }
  }

  private final class Connected implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      synchronized (DirectPublisher.this) {
        connecting = false;
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      connectFailed(e);
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      log.debug("Direct device {}: disconnected: {}", deviceId, response);
      requeueInFlight();
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      log.debug("Direct device {}: MQTT error", deviceId, e);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
