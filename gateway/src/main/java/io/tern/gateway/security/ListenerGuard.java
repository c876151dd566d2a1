package io.tern.gateway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Secure by default: decides at start whether the MQTT listener may run as configured. A listener
 * reachable from other machines needs credentials, unless anonymous access is explicitly allowed.
 */
public final class ListenerGuard {

  /** How exposed the listener is, when it may run. */
  public enum Exposure {
    /** Clients authenticate against the credentials file. */
    AUTHENTICATED,
    /** No credentials, but only this machine can connect. */
    LOOPBACK_ANONYMOUS,
    /** No credentials and reachable from the network: allowed explicitly. */
    ANONYMOUS_ALLOWED
  }

  private ListenerGuard() {}

  /**
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
            + " 'tern gateway devices add NAME', bind to 127.0.0.1, or pass --allow-anonymous"
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
