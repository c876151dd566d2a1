package io.tern.bridge.sink.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS socket factory of the MQTT sink from PEM files. Stateless. */
final class MqttTls {

  private static final char[] NO_PASSWORD = new char[0];

  private MqttTls() {}

  static SSLSocketFactory socketFactory(MqttSinkConfig config) throws IOException {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (config.caFile().isPresent()) {
        KeyStore trust = emptyStore();
        int i = 0;
        for (Certificate ca : certificates(config.caFile().get())) {
          trust.setCertificateEntry("ca-" + i++, ca);
        }
        tmf.init(trust);
      } else {
        tmf.init((KeyStore) null);
      }
      KeyManagerFactory kmf = null;
      if (config.clientCertFile().isPresent() && config.clientKeyFile().isPresent()) {
        KeyStore keys = emptyStore();
        Collection<? extends Certificate> chain = certificates(config.clientCertFile().get());
        keys.setKeyEntry(
            "client",
            privateKey(config.clientKeyFile().get()),
            NO_PASSWORD,
            chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, NO_PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot set up TLS for " + config.serverUri() + ": " + e, e);
    }
  }

  /**
   * What a TLS failure under {@code failure} means for the user, e.g. "the broker's TLS certificate
   * is not trusted (...)", or empty if {@code failure} is no TLS failure.
   */
  static Optional<String> describeFailure(Throwable failure, MqttSinkConfig config) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        String message = String.valueOf(ssl.getMessage());
        String trusted =
            config.caFile().map(ca -> "--mqtt-ca-file " + ca).orElse("the JVM's trust store");
        if (message.contains("PKIX") || message.contains("certification path")) {
          return Optional.of(
              "the broker's TLS certificate is not trusted by "
                  + trusted
                  + " (give the CA that signed it with --mqtt-ca-file): "
                  + message);
        }
        if (message.contains("subject alternative") || message.contains("match")) {
          return Optional.of(
              "the broker's TLS certificate does not name the host of --mqtt-url: " + message);
        }
        return Optional.of(
            "TLS handshake failed (a TLS port? does the broker want a client certificate,"
                + " --mqtt-client-cert?): "
                + message);
      }
    }
    return Optional.empty();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    return store;
  }

  private static Collection<? extends Certificate> certificates(Path pem)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException("No certificate in " + pem);
      }
      return certs;
    }
  }

  private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = text.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException(
          pem
              + " is not a PEM PKCS#8 key (BEGIN PRIVATE KEY); convert it with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IOException("Unsupported private key in " + pem, last);
  }
}
