package io.tern.bench.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The raw-transport peer: a Mosquitto broker process plus a Paho subscriber in this JVM that only
 * decodes and counts.
 */
final class PeerTarget implements IngestTarget {
  private final MosquittoBroker broker;
  private final PeerSubscriber subscriber;
  private final Path workDir;

  private PeerTarget(MosquittoBroker broker, PeerSubscriber subscriber, Path workDir) {
    this.broker = broker;
    this.subscriber = subscriber;
    this.workDir = workDir;
  }

  static PeerTarget start(
      Path mosquitto, Path workDir, SendTimes sendTimes, LatencyRecorder receiptLatency)
      throws IOException {
    MosquittoBroker broker = MosquittoBroker.start(mosquitto, workDir);
    try {
      return new PeerTarget(
          broker, PeerSubscriber.connect(broker.port(), sendTimes, receiptLatency), workDir);
    } catch (MqttException | RuntimeException e) {
      broker.close();
      throw new IllegalStateException("peer subscriber could not connect to mosquitto: " + e, e);
    }
  }

  @Override
  public String label() {
    return "peer";
  }

  @Override
  public String description() {
    return "Mosquitto (process) + Paho subscriber that decodes and counts";
  }

  @Override
  public int mqttPort() {
    return broker.port();
  }

  @Override
  public long deliveredReadings() {
    return subscriber.readings();
  }

  @Override
  public String notes() {
    return subscriber.decodeErrors() == 0 ? "" : "decode errors " + subscriber.decodeErrors();
  }

  @Override
  public void close() {
    try {
      subscriber.close();
    } finally {
      broker.close();
      try {
        WorkDirs.delete(workDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
