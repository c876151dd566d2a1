package io.tern.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Kafka broker in KRaft mode (one combined broker + controller), for
 * tests and the demo. Data lives in {@code dataDir}; starting again on the same directory keeps
 * topics and records.
 *
 * <p>{@link #start} and {@link #close} are called by the owner's thread; the broker runs on its own
 * (Kafka-named) threads. Topics are not auto-created. A fatal broker fault halts the JVM, as in a
 * standalone broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int BIND_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final BrokerSettings settings;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaRaftServer server, BrokerSettings settings) {
    this.server = server;
    this.settings = settings;
  }

  /**
   * Starts a broker that stores its data under {@code dataDir} (formatted on first use) and blocks
   * until it is ready: metadata is served and a producer can send.
   *
   * @param port client port on 127.0.0.1; 0 picks a free one
   * @throws IllegalStateException if the broker does not start
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    KafkaLogLevels.quietByDefault();
    Path logDir = dataDir.toAbsolutePath().resolve("kraft");
    try {
      KraftStorage.formatIfNeeded(logDir);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format Kafka storage in " + logDir, e);
    }
    RuntimeException lastBindFailure = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      BrokerSettings settings =
          new BrokerSettings(logDir, port == 0 ? freePort() : port, freePort());
      try {
        return startOnce(settings);
      } catch (RuntimeException e) {
        if (!isBindFailure(e)) {
          throw e;
        }
        lastBindFailure = e;
        LOG.warn("Kafka ports {} were taken (attempt {}), retrying", settings, attempt);
      }
    }
    throw new IllegalStateException("Cannot bind embedded Kafka ports", lastBindFailure);
  }

  private static EmbeddedKafka startOnce(BrokerSettings settings) {
    KafkaRaftServer server =
        new KafkaRaftServer(new KafkaConfig(settings.toProperties(), false), Time.SYSTEM);
    EmbeddedKafka kafka = new EmbeddedKafka(server, settings);
    try {
      server.startup();
      ReadinessProbe.awaitReady(settings.bootstrapServers());
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    LOG.info(
        "Embedded Kafka ready on {} (data in {})", settings.bootstrapServers(), settings.logDir());
    return kafka;
  }

  /** {@code 127.0.0.1:<port>}, advertised on loopback. */
  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** Shuts the broker down and waits for its threads to finish. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Embedded Kafka on {} stopped", settings.bootstrapServers());
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }
}
