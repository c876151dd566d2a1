package io.tern.bench.ingest;

import io.tern.proto.v1.TelemetryBatch;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
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
 * The raw-transport peer's "pipeline": one Paho MQTT v5 subscriber on {@code tern/v1/telemetry/#}
 * at QoS 1 that only decodes each {@code TelemetryBatch} and counts its readings (and measures
 * publish-to-receipt latency through {@link SendTimes}).
 *
 * <p>Threading: Paho calls back on its one callback thread per client; counters are read by the
 * control thread.
 */
final class PeerSubscriber implements AutoCloseable, MqttCallback {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSubscriber.class);
  static final String TOPIC = "tern/v1/telemetry/#";
  private static final long TIMEOUT_MS = 30_000;

  private final MqttAsyncClient client;
  private final SendTimes sendTimes;
  private final LatencyRecorder receiptLatency;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong readings = new AtomicLong();
  private final AtomicLong decodeErrors = new AtomicLong();

  private PeerSubscriber(
      MqttAsyncClient client, SendTimes sendTimes, LatencyRecorder receiptLatency) {
    this.client = client;
    this.sendTimes = sendTimes;
    this.receiptLatency = receiptLatency;
  }

  static PeerSubscriber connect(int port, SendTimes sendTimes, LatencyRecorder receiptLatency)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            "tcp://127.0.0.1:" + port, "bench-peer-subscriber", new MemoryPersistence());
    PeerSubscriber subscriber = new PeerSubscriber(client, sendTimes, receiptLatency);
    client.setCallback(subscriber);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setReceiveMaximum(65_535);
    options.setKeepAliveInterval(60);
    client.connect(options).waitForCompletion(TIMEOUT_MS);
    client.subscribe(TOPIC, 1).waitForCompletion(TIMEOUT_MS);
    return subscriber;
  }

  long messages() {
    return messages.get();
  }

  long readings() {
    return readings.get();
  }

  long decodeErrors() {
    return decodeErrors.get();
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    long now = System.nanoTime();
    TelemetryBatch batch;
    try {
      batch = TelemetryBatch.parseFrom(message.getPayload());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      decodeErrors.incrementAndGet();
      LOG.warn("Undecodable telemetry on {}: {}", topic, e.getMessage());
      return;
    }
    long sentAt = sendTimes.received(batch.getStreamEpoch(), batch.getBaseSeq());
    if (sentAt >= 0) {
      receiptLatency.record(now - sentAt);
    }
    readings.addAndGet(batch.getReadingsCount());
    messages.incrementAndGet();
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    LOG.warn("Peer subscriber disconnected: {}", response);
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("Peer subscriber error: {}", exception.toString());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(TIMEOUT_MS);
      }
      client.close();
    } catch (MqttException e) {
      LOG.warn("Peer subscriber did not close cleanly: {}", e.toString());
    }
  }
}
