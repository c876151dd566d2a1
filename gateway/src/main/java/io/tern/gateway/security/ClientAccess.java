package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.services.auth.SecurityRegistry;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.config.LimitsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the gateway's MQTT and what they may do, decided once at start: with a
 * credentials file ({@code tern.gateway.credentials-file}, else {@code <data-dir>/credentials} if
 * it exists) every client authenticates and is held to the {@link TopicPolicy}; without one, only a
 * loopback listener is open to anonymous clients, unless {@code tern.gateway.allow-anonymous}.
 *
 * <p>Threading: built on the thread that starts the gateway; {@link #mayPublish} is called
 * concurrently by HiveMQ's threads. Owns the authentication threads ({@code tern-auth-N}).
 */
@Singleton
public final class ClientAccess {
  private static final Logger LOG = LoggerFactory.getLogger(ClientAccess.class);
  private static final int AUTH_THREADS = 2;
  private static final int AUTH_QUEUE = 256;

  private final SecurityMetrics metrics;
  private final LimitsConfig limits;
  private final CredentialStore store;
  private final ThreadPoolExecutor executor;

  /**
   * @throws IllegalArgumentException when the listener may not run as configured, or the
   *     credentials file is missing or malformed
   */
  public ClientAccess(GatewayConfig config, LimitsConfig limits, SecurityMetrics metrics) {
    this.metrics = metrics;
    this.limits = limits;
    Path file = credentialsFile(config);
    ListenerGuard.Exposure exposure =
        ListenerGuard.check(config.mqttBindAddress(), file != null, config.allowAnonymous());
    switch (exposure) {
      case AUTHENTICATED -> {
        store = new CredentialStore(file);
        executor = authExecutor();
        LOG.info("MQTT clients authenticate against {} ({} identities)", file, store.size());
        warnIfShared(file);
        if (!ListenerGuard.isLoopback(config.mqttBindAddress())) {
          LOG.warn(
              "MQTT on {} is plain TCP: passwords cross the network unencrypted (TLS is not"
                  + " available yet)",
              config.mqttBindAddress());
        }
      }
      case LOOPBACK_ANONYMOUS -> {
        store = null;
        executor = null;
        LOG.info("No credentials file: anonymous MQTT clients, on loopback only");
      }
      case ANONYMOUS_ALLOWED -> {
        store = null;
        executor = null;
        LOG.warn(
            "!!! ANONYMOUS MQTT on {}: anyone who can reach it may publish telemetry for any"
                + " device and read every topic (tern.gateway.allow-anonymous=true) !!!",
            config.mqttBindAddress());
      }
      default -> throw new IllegalStateException("unknown exposure " + exposure);
    }
  }

  private static Path credentialsFile(GatewayConfig config) {
    Path configured = config.credentialsFile();
    if (configured != null) {
      if (!Files.isRegularFile(configured)) {
        throw new IllegalArgumentException(
            "tern.gateway.credentials-file "
                + configured
                + " does not exist (create it with 'tern gateway devices add NAME --credentials "
                + configured
                + "')");
      }
      return configured;
    }
    Path byDefault = config.dataDir().resolve(CredentialsFile.DEFAULT_NAME);
    return Files.isRegularFile(byDefault) ? byDefault : null;
  }

  /** Whether clients must authenticate. */
  public boolean authenticates() {
    return store != null;
  }

  /**
   * Whether the client of {@code connection} may publish to {@code topic}; always when clients do
   * not authenticate. The telemetry interceptor asks before it takes a message, since HiveMQ calls
   * interceptors before the authorizer.
   */
  public boolean mayPublish(ConnectionInformation connection, String topic) {
    if (store == null) {
      return true;
    }
    return ClientIdentities.of(connection)
        .map(identity -> TopicPolicy.mayPublish(identity, topic))
        .orElse(false);
  }

  /**
   * Installs the authenticator and authorizer, if clients authenticate, behind the connection-rate
   * limit (also for anonymous clients), if there is one. HiveMQ startup thread.
   */
  public void install(SecurityRegistry registry) {
    SimpleAuthenticator authenticator =
        store == null ? null : new PasswordAuthenticator(store, executor, metrics);
    if (limits.limitsConnectRate()) {
      authenticator = new ConnectRateGate(limits, authenticator, metrics, InstantSource.system());
    }
    if (authenticator != null) {
      SimpleAuthenticator installed = authenticator;
      registry.setAuthenticatorProvider(input -> installed);
    }
    if (store != null) {
      TopicAuthorizer authorizer = new TopicAuthorizer(metrics);
      registry.setAuthorizerProvider(input -> authorizer);
    }
  }

  @PreDestroy
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static ThreadPoolExecutor authExecutor() {
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            AUTH_THREADS,
            AUTH_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(AUTH_QUEUE),
            task -> {
              Thread thread = new Thread(task, "tern-auth-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    return executor;
  }

  private static void warnIfShared(Path file) {
    try {
      if (CredentialsFile.isSharedWithOthers(file)) {
        LOG.warn("Credentials file {} is readable by other users: chmod 600 it", file);
      }
    } catch (IOException e) {
      LOG.warn("Cannot check the permissions of the credentials file {}", file, e);
    }
  }
}
