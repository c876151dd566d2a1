package io.tern.gateway.security;

import io.micronaut.core.annotation.Nullable;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Secure by default: decides at start whether the MQTT listener may run as configured. A listener
 * reachable from other machines needs credentials or client certificates, unless anonymous access
 * is explicitly allowed.
 */
public final class ListenerGuard {

  /** How exposed the listener is, when it may run. */
  public enum Exposure {
    /** Clients authenticate: credentials file or client certificates. */
    AUTHENTICATED,
    /** No credentials, but only this machine can connect. */
    LOOPBACK_ANONYMOUS,
    /** No credentials and reachable from the network: allowed explicitly. */
    ANONYMOUS_ALLOWED
  }

  private ListenerGuard() {}

  /**
   * Checks the plain listener and, when it runs, the TLS one. Clients authenticate on both when
   * there is a credentials file or client certificates are configured (then a client without a
   * certificate needs a password, and without a credentials file it is refused), so either makes a
   * listener reachable from the network acceptable.
   *
   * @param tlsBindAddress the TLS listener's address; null when it is off
   * @return the most exposed of the two
   * @throws IllegalArgumentException with a one-line reason and the fix, when refused
   */
  public static Exposure check(
      String bindAddress,
      @Nullable String tlsBindAddress,
      boolean credentialsFile,
      boolean clientCertificates,
      boolean allowAnonymous) {
    boolean authenticated = credentialsFile || clientCertificates;
    Exposure plain = check(bindAddress, authenticated, allowAnonymous);
    if (tlsBindAddress == null) {
      return plain;
    }
    Exposure tls = check(tlsBindAddress, authenticated, allowAnonymous);
    return tls.compareTo(plain) > 0 ? tls : plain;
  }

  /**
   * @param credentials whether clients authenticate (credentials file or client certificates)
   * @throws IllegalArgumentException with a one-line reason and the fix, when refused
   */
  public static Exposure check(String bindAddress, boolean credentials, boolean allowAnonymous) {
    if (credentials) {
      return Exposure.AUTHENTICATED;
    }
    if (isLoopback(bindAddress)) {
      return Exposure.LOOPBACK_ANONYMOUS;
    }
    if (allowAnonymous) {
      return Exposure.ANONYMOUS_ALLOWED;
    }
    throw new IllegalArgumentException(
        "MQTT would listen on "
            + bindAddress
            + " (reachable from the network) without credentials: add devices with"
            + " 'tern gateway devices add NAME', require client certificates (--tls-client-ca),"
            + " bind to 127.0.0.1, or pass --allow-anonymous"
            + " (tern.gateway.allow-anonymous=true)");
  }

  /** Whether {@code address} names this machine's loopback interface only. */
  public static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "tern.gateway.mqtt-bind-address '" + address + "' cannot be resolved", e);
    }
  }
}
