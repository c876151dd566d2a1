package io.tern.gateway.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.config.LimitsConfig;
import io.tern.gateway.config.TlsConfig;
import io.tern.gateway.ingest.TelemetryInterceptor;
import io.tern.gateway.ingest.WillWatcher;
import io.tern.gateway.output.MqttOutputPublisher;
import io.tern.gateway.security.BrokerRefusals;
import io.tern.gateway.security.ClientAccess;
import io.tern.gateway.security.PublishRateLimiter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HiveMQ CE broker, with its files under {@code <dataDir>/broker} ({@code conf},
 * {@code data}, {@code extensions}) and the Tern extension installed.
 *
 * <p>Threading: {@link #start} and {@link #stop} are called by the thread that starts or closes the
 * gateway; they block until the broker is up or down.
 */
@Singleton
public final class EmbeddedBroker {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final long START_TIMEOUT_S = 60;
  private static final long STOP_TIMEOUT_S = 60;

  private final GatewayConfig config;
  private final TlsConfig tls;
  private final TelemetryInterceptor interceptor;
  private final MqttOutputPublisher publisher;
  private final WillWatcher wills;
  private final ClientAccess access;
  private final LimitsConfig limits;
  private final PublishRateLimiter rateLimiter;
  private final BrokerRefusals brokerRefusals;
  private EmbeddedHiveMQ hiveMq;
  private int port;
  private int tlsPort = -1;

  public EmbeddedBroker(
      GatewayConfig config,
      TlsConfig tls,
      TelemetryInterceptor interceptor,
      MqttOutputPublisher publisher,
      WillWatcher wills,
      ClientAccess access,
      LimitsConfig limits,
      PublishRateLimiter rateLimiter,
      BrokerRefusals brokerRefusals) {
    this.config = config;
    this.tls = tls;
    this.limits = limits;
    this.rateLimiter = rateLimiter;
    this.brokerRefusals = brokerRefusals;
    this.interceptor = interceptor;
    this.publisher = publisher;
    this.wills = wills;
    this.access = access;
  }

  /** Writes the broker configuration and starts the broker; returns once MQTT listens. */
  public synchronized void start() {
    if (hiveMq != null) {
      return;
    }
    Path root = config.dataDir().resolve("broker");
    port = resolvePort(config.mqttBindAddress(), config.mqttPort());
    BrokerConfigXml.TlsListener tlsListener = tlsListener(root);
    writeConfig(root, BrokerConfigXml.render(port, config.mqttBindAddress(), limits, tlsListener));
    EmbeddedHiveMQ broker =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(root.resolve("conf"))
            .withDataFolder(root.resolve("data"))
            .withExtensionsFolder(root.resolve("extensions"))
            .withEmbeddedExtension(
                EmbeddedExtension.builder()
                    .withId("tern-gateway")
                    .withName("Tern gateway")
                    .withVersion("1")
                    .withPriority(1000)
                    .withStartPriority(1000)
                    .withExtensionMain(
                        new TernBrokerExtension(
                            interceptor, publisher, wills, access, rateLimiter, brokerRefusals))
                    .build())
            .withoutLoggingBootstrap()
            .build();
    try {
      broker.start().get(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(broker);
      throw new IllegalStateException("interrupted while starting the MQTT broker", e);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(broker);
      throw new IllegalStateException(
          "MQTT broker did not start on " + config.mqttBindAddress() + ":" + port, e);
    }
    hiveMq = broker;
    LOG.info("MQTT broker listening on {}:{}", config.mqttBindAddress(), port);
    if (tlsListener != null) {
      tlsPort = tlsListener.port();
      LOG.info(
          "MQTT over TLS listening on {}:{} (client certificates: {})",
          tlsListener.bindAddress(),
          tlsPort,
          tlsListener.clientAuth().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Converts the PEM files and picks the port, if the TLS listener is on. */
  private BrokerConfigXml.TlsListener tlsListener(Path root) {
    if (!tls.enabled()) {
      return null;
    }
    String address = tls.listenAddress(config);
    int resolved = resolvePort(address, tls.port());
    if (resolved == port && address.equals(config.mqttBindAddress())) {
      throw new IllegalArgumentException(
          "--tls-port " + tls.port() + " is the MQTT port too: give each listener its own port");
    }
    TlsStores.Written stores =
        TlsStores.write(tls.cert(), tls.key(), tls.clientCa(), root.resolve("tls"));
    return new BrokerConfigXml.TlsListener(resolved, address, stores, tls.effectiveClientAuth());
  }

  /** The TLS listener's port (resolved if configured as 0); empty when it is off. */
  public synchronized OptionalInt tlsPort() {
    return tlsPort < 0 ? OptionalInt.empty() : OptionalInt.of(tlsPort);
  }

  /** The MQTT port the broker listens on (the resolved one when configured as 0). */
  public synchronized int port() {
    return port;
  }

  /** Whether the broker was started and not stopped (health check). */
  public synchronized boolean isRunning() {
    return hiveMq != null;
  }

  @PreDestroy
  public synchronized void stop() {
    if (hiveMq == null) {
      return;
    }
    EmbeddedHiveMQ broker = hiveMq;
    hiveMq = null;
    try {
      broker.stop().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      broker.close();
      LOG.info("MQTT broker stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while stopping the MQTT broker");
    } catch (ExecutionException | TimeoutException e) {
      LOG.error("MQTT broker did not stop cleanly", e);
    }
  }

  /**
   * Checks that {@code port} is free on {@code bindAddress}, or picks a free one when it is 0, so a
   * taken port fails the start with a clear message (HiveMQ would only log it).
   */
  static int resolvePort(String bindAddress, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen for MQTT on " + bindAddress + ":" + port + " (" + e.getMessage() + ")", e);
    }
  }

  private static void writeConfig(Path root, String configXml) {
    try {
      for (String folder : new String[] {"conf", "data", "extensions"}) {
        Files.createDirectories(root.resolve(folder));
      }
      // it may hold the TLS stores' password: readable by the gateway's user only
      Path file = root.resolve("conf").resolve("config.xml");
      TlsStores.createOwnerOnly(file);
      Files.writeString(file, configXml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write broker configuration under " + root, e);
    }
  }

  private static void closeQuietly(EmbeddedHiveMQ broker) {
    try {
      broker.close();
    } catch (ExecutionException e) {
      LOG.warn("Could not close a broker that failed to start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
