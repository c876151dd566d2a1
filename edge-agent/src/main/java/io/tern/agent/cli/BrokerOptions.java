package io.tern.agent.cli;

import io.tern.agent.publish.BrokerSecurity;
import io.tern.agent.publish.PemTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The credentials and TLS options of {@code tern agent}. A password is never taken from the command
 * line: it comes from {@code --password-file} or the environment variable {@value #PASSWORD_ENV}.
 */
final class BrokerOptions {
  static final String PASSWORD_ENV = "TERN_AGENT_PASSWORD";
  private static final Logger log = LoggerFactory.getLogger(BrokerOptions.class);

  @Option(
      names = "--username",
      paramLabel = "NAME",
      description = "MQTT user name. Default: none (anonymous).")
  String username;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "File holding the MQTT password (one line; keep it readable by the agent only)."
              + " Default: the environment variable "
              + PASSWORD_ENV
              + ", else none.")
  Path passwordFile;

  @Option(
      names = "--tls",
      description =
          "Connect with TLS (tcp:// becomes ssl://; also on for an ssl:// or mqtts:// --broker)."
              + " The broker's host name is always verified. Default: off.")
  boolean tls;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description =
          "PEM bundle of the CAs trusted to sign the broker's certificate. Default: the"
              + " JVM's trust store.")
  Path caFile;

  @Option(
      names = "--cert-file",
      paramLabel = "FILE",
      description = "PEM client certificate (chain) for mutual TLS; needs --key-file.")
  Path certFile;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "PEM PKCS#8 private key (unencrypted) of --cert-file.")
  Path keyFile;

  /**
   * The security settings, with the password read; TLS files are checked by building the socket
   * factory once.
   *
   * @param brokerTls whether the broker URI itself asks for TLS
   * @throws IllegalArgumentException with a one-line reason
   */
  BrokerSecurity security(boolean brokerTls, Map<String, String> env) {
    String password = null;
    if (passwordFile != null && username == null) {
      throw new IllegalArgumentException("a password (--password-file) needs --username");
    }
    if (passwordFile != null) {
      password = readPassword(passwordFile);
    } else if (env.get(PASSWORD_ENV) != null && !env.get(PASSWORD_ENV).isEmpty()) {
      password = env.get(PASSWORD_ENV);
    }
    if (password != null && username == null) {
      throw new IllegalArgumentException(
          "a password ("
              + (passwordFile != null ? "--password-file" : PASSWORD_ENV)
              + ") needs --username");
    }
    BrokerSecurity security =
        new BrokerSecurity(username, password, tls || brokerTls, caFile, certFile, keyFile);
    PemTls.socketFactory(security);
    return security;
  }

  private static String readPassword(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--password-file " + file + ": cannot read it (" + e + ")");
    }
    String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
    password = password.endsWith("\n") ? password.substring(0, password.length() - 1) : password;
    if (password.isEmpty() || password.contains("\n")) {
      throw new IllegalArgumentException(
          "--password-file " + file + ": expected the password on one line");
    }
    try {
      if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
        log.warn("Password file {} is readable by every user (chmod 600 it)", file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      log.debug("Cannot check the permissions of {}: {}", file, e.toString());
    }
    return password;
  }
}
