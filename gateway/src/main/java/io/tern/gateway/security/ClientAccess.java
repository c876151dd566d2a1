package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.services.auth.SecurityRegistry;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.config.LimitsConfig;
import io.tern.gateway.config.TlsConfig;
import io.tern.gateway.limits.Cooldowns;
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
 * it exists) or client certificates ({@code tern.gateway.tls.client-ca}) every client on every
 * listener authenticates (certificate, else password) and is held to the {@link TopicPolicy};
 * without either, only a loopback listener is open to anonymous clients, unless {@code
 * tern.gateway.allow-anonymous}.
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
  private final boolean clientCertificates;

  /**
   * @throws IllegalArgumentException when the listener may not run as configured, or the
   *     credentials file is missing or malformed
   */
  public ClientAccess(
      GatewayConfig config, TlsConfig tls, LimitsConfig limits, SecurityMetrics metrics) {
    this.metrics = metrics;
    this.limits = limits;
    Path file = credentialsFile(config);
    clientCertificates = tls.clientCertificates();
    ListenerGuard.Exposure exposure =
        ListenerGuard.check(
            config.mqttBindAddress(),
            tls.enabled() ? tls.listenAddress(config) : null,
            file != null,
            clientCertificates,
            config.allowAnonymous());
    store = file == null ? null : new CredentialStore(file);
    executor = file == null ? null : authExecutor();
    switch (exposure) {
      case AUTHENTICATED -> {
        if (store != null) {
          LOG.info("MQTT clients authenticate against {} ({} identities)", file, store.size());
          warnIfShared(file);
        }
        if (clientCertificates) {
          LOG.info(
              "MQTT clients with a certificate from {} authenticate as its subject CN{}",
              tls.clientCa(),
              store == null ? "; clients without one are refused (no credentials file)" : "");
        }
        if (store != null && !ListenerGuard.isLoopback(config.mqttBindAddress())) {
          LOG.warn(
              "MQTT on {} is plain TCP: passwords cross the network unencrypted (use the TLS"
                  + " listener, --tls-port, and bind the plain one to 127.0.0.1)",
              config.mqttBindAddress());
        }
      }
      case LOOPBACK_ANONYMOUS ->
          LOG.info("No credentials file: anonymous MQTT clients, on loopback only");
      case ANONYMOUS_ALLOWED ->
          LOG.warn(
              "!!! ANONYMOUS MQTT on {}: anyone who can reach it may publish telemetry for any"
                  + " device and read every topic (tern.gateway.allow-anonymous=true) !!!",
              config.mqttBindAddress());
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

  /** Whether clients must authenticate (credentials file or client certificates). */
  public boolean authenticates() {
    return store != null || clientCertificates;
  }

  /**
   * Whether the client of {@code connection} may publish to {@code topic}; always when clients do
   * not authenticate. The telemetry interceptor asks before it takes a message, since HiveMQ calls
   * interceptors before the authorizer.
   */
  public boolean mayPublish(ConnectionInformation connection, String topic) {
    if (!authenticates()) {
      return true;
    }
    return ClientIdentities.of(connection)
        .map(identity -> TopicPolicy.mayPublish(identity, topic))
        .orElse(false);
  }

  /**
   * Installs the authenticator and authorizer, if clients authenticate, behind the connection-rate
   * limit and the flooders' cool-downs (also for anonymous clients), if there are any. HiveMQ
   * startup thread.
   */
  public void install(SecurityRegistry registry, Cooldowns cooldowns) {
    PasswordAuthenticator passwords =
        store == null ? null : new PasswordAuthenticator(store, executor, metrics);
    SimpleAuthenticator authenticator =
        clientCertificates ? new CertificateAuthenticator(store, passwords, metrics) : passwords;
    if (limits.limitsConnectRate() || cooldowns.enabled()) {
      authenticator =
          new ConnectRateGate(limits, cooldowns, authenticator, metrics, InstantSource.system());
    }
    if (authenticator != null) {
      SimpleAuthenticator installed = authenticator;
      registry.setAuthenticatorProvider(input -> installed);
    }
    if (authenticates()) {
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
