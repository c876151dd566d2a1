package io.tern.agent.publish;

import java.nio.file.Path;

/**
 * How the agent authenticates to the broker and secures the link.
 *
 * @param username MQTT user name, or null for none
 * @param password MQTT password, or null for none (needs a user name)
 * @param tls whether the connection uses TLS (an {@code ssl://} or {@code wss://} broker URI)
 * @param caFile PEM bundle of the CAs that may sign the broker's certificate, or null for the JVM's
 *     trust store
 * @param certFile PEM client certificate (chain) for mutual TLS, or null for none
 * @param keyFile PEM PKCS#8 private key of {@code certFile}, or null for none
 */
public record BrokerSecurity(
    String username, String password, boolean tls, Path caFile, Path certFile, Path keyFile) {
  /** Plain MQTT without credentials. */
  public static final BrokerSecurity NONE = new BrokerSecurity(null, null, false, null, null, null);

  public BrokerSecurity {
    if (password != null && username == null) {
      throw new IllegalArgumentException("a password needs a user name (--username)");
    }
    if (username != null && username.isEmpty()) {
      throw new IllegalArgumentException("the user name must not be empty");
    }
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "a client certificate needs both --cert-file and --key-file");
    }
    if (!tls && (caFile != null || certFile != null)) {
      throw new IllegalArgumentException(
          (caFile != null ? "--ca-file" : "--cert-file")
              + " needs TLS: add --tls or use an ssl:// (mqtts://) broker URI");
    }
  }

  /** This configuration with TLS on or off. */
  public BrokerSecurity withTls(boolean tls) {
    return new BrokerSecurity(username, password, tls, caFile, certFile, keyFile);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "BrokerSecurity[username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", tls="
        + tls
        + ", caFile="
        + caFile
        + ", certFile="
        + certFile
        + ", keyFile="
        + keyFile
        + "]";
  }
}
