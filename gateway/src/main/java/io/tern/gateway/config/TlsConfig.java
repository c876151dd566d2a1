package io.tern.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Path;

/**
 * The optional TLS MQTT listener, bound from {@code tern.gateway.tls.*} (kept apart from {@link
 * GatewayConfig} so that {@code tls.port} reads as a key of its own). Off unless {@code port} is
 * set. The files are PEM, as operators get them from openssl or their PKI; the broker converts them
 * at every start.
 *
 * @param port TLS listener port; 0 picks a free port; unset = no TLS listener
 * @param bindAddress address the TLS listener binds to; unset = {@code mqtt-bind-address}
 * @param cert the server certificate chain (PEM, leaf first)
 * @param key the server certificate's private key (PEM, unencrypted PKCS#8: {@code BEGIN PRIVATE
 *     KEY})
 * @param clientCa CA certificate(s) (PEM) that sign client certificates; set = clients may log in
 *     with a certificate whose subject CN is their name
 * @param clientAuth whether a client certificate is {@code required} or {@code optional} on the TLS
 *     listener; unset = required when {@code clientCa} is set
 */
@ConfigurationProperties("tern.gateway.tls")
public record TlsConfig(
    @Nullable Integer port,
    @Nullable String bindAddress,
    @Nullable Path cert,
    @Nullable Path key,
    @Nullable Path clientCa,
    @Nullable ClientAuth clientAuth) {

  /** Whether clients of the TLS listener must present a certificate. */
  public enum ClientAuth {
    /** The TLS handshake fails without a certificate signed by the client CA. */
    REQUIRED,
    /** A certificate is checked when presented; without one, a password is needed. */
    OPTIONAL,
    /** No client certificates (no client CA configured). */
    NONE
  }

  public TlsConfig {
    if (port == null) {
      if (cert != null || key != null || clientCa != null || clientAuth != null) {
        throw new IllegalArgumentException(
            "tern.gateway.tls.* is set but tern.gateway.tls.port (--tls-port) is not: give the"
                + " port to turn the TLS listener on");
      }
    } else {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException(
            "tern.gateway.tls.port must be 0..65535 (0 = any free port), was " + port);
      }
      if (cert == null || key == null) {
        throw new IllegalArgumentException(
            "the TLS listener needs a server certificate and its key: --tls-cert server.pem"
                + " --tls-key server-key.pem (tern.gateway.tls.cert / tern.gateway.tls.key)");
      }
    }
    if (clientAuth != null && clientAuth != ClientAuth.NONE && clientCa == null) {
      throw new IllegalArgumentException(
          "--tls-client-auth "
              + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
              + " needs --tls-client-ca ca.pem (tern.gateway.tls.client-ca), the CA that signs"
              + " client certificates");
    }
    if (clientAuth == ClientAuth.NONE && clientCa != null) {
      throw new IllegalArgumentException(
          "--tls-client-ca is set but --tls-client-auth is none: use required or optional");
    }
  }

  /** Whether the TLS listener runs. */
  public boolean enabled() {
    return port != null;
  }

  /** Whether clients may log in with a certificate (a client CA is configured). */
  public boolean clientCertificates() {
    return enabled() && clientCa != null;
  }

  /** The client authentication mode in effect. */
  public ClientAuth effectiveClientAuth() {
    if (clientCa == null) {
      return ClientAuth.NONE;
    }
    return clientAuth == null ? ClientAuth.REQUIRED : clientAuth;
  }

  /** The address the TLS listener binds to. */
  public String listenAddress(GatewayConfig gateway) {
    return bindAddress == null ? gateway.mqttBindAddress() : bindAddress;
  }
}
