package io.tern.sim.collect;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the gateway's rollups and alerts ({@code tern/v1/rollups/#}, {@code
 * tern/v1/alerts/#}, QoS 1) and appends each JSON payload as one line to a file, for the checker.
 * Lines are written and flushed by Paho's callback thread of this client; {@link #close()} from any
 * thread.
 */
public final class MqttOutputCollector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MqttOutputCollector.class);

  private final Path file;
  private final BufferedWriter out;
  private final MqttClient client;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong writeErrors = new AtomicLong();

  private MqttOutputCollector(Path file, BufferedWriter out, MqttClient client) {
    this.file = file;
    this.out = out;
    this.client = client;
  }

  /**
   * Creates (or truncates) {@code file}, connects to {@code brokerUri} and subscribes; returns once
   * subscribed, so outputs published afterwards are collected.
   *
   * @throws IOException if the file cannot be created or the broker cannot be reached
   */
  public static MqttOutputCollector start(String brokerUri, String clientId, Path file)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    MqttClient client = null;
    try {
      client = new MqttClient(brokerUri, clientId, new MemoryPersistence());
      MqttOutputCollector collector = new MqttOutputCollector(file, out, client);
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      client.connect(options);
      IMqttMessageListener listener = (topic, message) -> collector.write(message);
      // Paho 1.2.5's subscribe(String, int, listener) recurses forever: use the array form.
      client.subscribe(
          new MqttSubscription[] {
            new MqttSubscription("tern/v1/rollups/#", 1),
            new MqttSubscription("tern/v1/alerts/#", 1)
          },
          new IMqttMessageListener[] {listener, listener});
      return collector;
    } catch (MqttException e) {
      closeQuietly(client, out);
      throw new IOException("cannot subscribe to outputs at " + brokerUri + ": " + e, e);
    }
  }

  private void write(MqttMessage message) {
    String line = new String(message.getPayload(), StandardCharsets.UTF_8).replace('\n', ' ');
    synchronized (out) {
      try {
        out.write(line);
        out.newLine();
        out.flush();
        received.incrementAndGet();
      } catch (IOException e) {
        if (writeErrors.getAndIncrement() == 0) {
          log.error("Cannot write collected outputs to {}", file, e);
        }
      }
    }
  }

  /** Outputs written to the file so far. */
  public long received() {
    return received.get();
  }

  /** Outputs that could not be written (the first failure is logged). */
  public long writeErrors() {
    return writeErrors.get();
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    closeQuietly(client, out);
  }

  private static void closeQuietly(MqttClient client, BufferedWriter out) {
    if (client != null) {
      try {
        if (client.isConnected()) {
          client.disconnect();
        }
        client.close();
      } catch (MqttException e) {
        log.warn("Could not disconnect the output collector cleanly", e);
      }
    }
    synchronized (out) {
      try {
        out.close();
      } catch (IOException e) {
        log.warn("Could not close the collected outputs file", e);
      }
    }
  }
}
