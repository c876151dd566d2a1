package io.tern.agent.publish;

import java.io.ByteArrayInputStream;
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
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory of the broker connection from PEM files, with the JDK only: a CA
 * bundle (else the JVM's trust store) and, for mutual TLS, a client certificate chain with its
 * unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}; RSA, EC or Ed25519). Host names are verified
 * by the MQTT session, not here.
 *
 * <p>Threads: stateless; called once when the agent starts.
 */
public final class PemTls {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
  private static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  /**
   * The socket factory for {@code security}, or null if it does not use TLS.
   *
   * @throws IllegalArgumentException naming the file, if a file is missing, unreadable or not the
   *     expected PEM content
   */
  public static SSLSocketFactory socketFactory(BrokerSecurity security) {
    if (!security.tls()) {
      return null;
    }
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(security.caFile() == null ? null : trustStore(security.caFile()));
      KeyManager[] keys = null;
      if (security.certFile() != null) {
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(security.certFile(), security.keyFile()), NO_PASSWORD);
        keys = kmf.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static KeyStore trustStore(Path caFile) throws GeneralSecurityException {
    Collection<? extends Certificate> cas = certificates(caFile, "--ca-file");
    KeyStore store = emptyStore();
    int i = 0;
    for (Certificate ca : cas) {
      store.setCertificateEntry("ca-" + i++, ca);
    }
    return store;
  }

  private static KeyStore keyStore(Path certFile, Path keyFile) throws GeneralSecurityException {
    Collection<? extends Certificate> chain = certificates(certFile, "--cert-file");
    PrivateKey key = privateKey(keyFile);
    KeyStore store = emptyStore();
    store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
    return store;
  }

  private static Collection<? extends Certificate> certificates(Path file, String option)
      throws GeneralSecurityException {
    byte[] pem = read(file, option);
    Collection<? extends Certificate> certs;
    try (InputStream in = new ByteArrayInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new IllegalArgumentException(
          option + " " + file + ": not a PEM certificate file (" + e.getMessage() + ")", e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(option + " " + file + ": no certificate in the file");
    }
    return certs;
  }

  private static PrivateKey privateKey(Path keyFile) {
    String pem = new String(read(keyFile, "--key-file"), StandardCharsets.US_ASCII);
    Matcher m = PKCS8.matcher(pem);
    if (!m.find()) {
      String hint =
          pem.contains("ENCRYPTED PRIVATE KEY")
              ? "an encrypted key; the agent needs it unencrypted"
              : pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY")
                  ? "a PKCS#1/SEC1 key; the agent needs PKCS#8"
                  : "no 'BEGIN PRIVATE KEY' block";
      throw new IllegalArgumentException(
          "--key-file "
              + keyFile
              + ": "
              + hint
              + " (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem)");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // Not this algorithm: try the next one.
      }
    }
    throw new IllegalArgumentException(
        "--key-file " + keyFile + ": not an RSA, EC or EdDSA PKCS#8 private key");
  }

  private static byte[] read(Path file, String option) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + ": cannot read it (" + e + ")", e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an in-memory key store", e);
    }
    return store;
  }
}
