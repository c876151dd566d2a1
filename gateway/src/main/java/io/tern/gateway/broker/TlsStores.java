package io.tern.gateway.broker;

import io.micronaut.core.annotation.Nullable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the operator's PEM files into the PKCS#12 key store and trust store HiveMQ's TLS listener
 * reads, under a fresh random password, with permissions 0600; rewritten at every start so that a
 * renewed certificate is picked up by a restart. Every problem is one line that names the option
 * and what to fix.
 */
final class TlsStores {
  private static final String KEY_ALIAS = "server";
  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final String TO_PKCS8 = "openssl pkcs8 -topk8 -nocrypt -in %s -out key-pkcs8.pem";

  /**
   * The stores written.
   *
   * @param keystore the server's key and certificate chain
   * @param truststore the client CA certificates; null when client certificates are off
   * @param password the password of both stores and of the key
   */
  record Written(Path keystore, @Nullable Path truststore, String password) {}

  private TlsStores() {}

  /**
   * Reads and checks the PEM files, writes {@code dir/server.p12} and (with a client CA) {@code
   * dir/client-ca.p12}.
   *
   * @throws IllegalArgumentException with a one-line reason when a file is missing, holds no PEM
   *     certificate or key, holds a key in another format than PKCS#8, or the key does not belong
   *     to the certificate
   */
  static Written write(Path cert, Path key, @Nullable Path clientCa, Path dir) {
    List<X509Certificate> chain = certificates(cert, "--tls-cert");
    PrivateKey privateKey = privateKey(key);
    if (!belongTogether(privateKey, chain.get(0))) {
      throw new IllegalArgumentException(
          "--tls-key "
              + key
              + " does not belong to the first certificate in --tls-cert "
              + cert
              + " ("
              + chain.get(0).getSubjectX500Principal().getName()
              + "): give the key it was issued for, with the server certificate first in the"
              + " chain");
    }
    String password = randomPassword();
    try {
      KeyStore keystore = emptyStore();
      keystore.setKeyEntry(
          KEY_ALIAS, privateKey, password.toCharArray(), chain.toArray(Certificate[]::new));
      Path keystoreFile = store(keystore, dir.resolve("server.p12"), password);
      Path truststoreFile = null;
      if (clientCa != null) {
        KeyStore truststore = emptyStore();
        List<X509Certificate> authorities = certificates(clientCa, "--tls-client-ca");
        for (int i = 0; i < authorities.size(); i++) {
          truststore.setCertificateEntry("client-ca-" + i, authorities.get(i));
        }
        truststoreFile = store(truststore, dir.resolve("client-ca.p12"), password);
      }
      return new Written(keystoreFile, truststoreFile, password);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the TLS key store: " + e.getMessage(), e);
    }
  }

  /** The certificates of a PEM file, in file order; at least one. */
  static List<X509Certificate> certificates(Path file, String option) {
    String pem = read(file, option);
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          option + " " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return factory
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .stream()
          .map(X509Certificate.class::cast)
          .toList();
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          option + " " + file + " holds a malformed certificate: " + e.getMessage(), e);
    }
  }

  /** The unencrypted PKCS#8 key of a PEM file (RSA, EC or EdDSA). */
  static PrivateKey privateKey(Path file) {
    String pem = read(file, "--tls-key");
    Matcher block = PEM_BLOCK.matcher(pem);
    while (block.find()) {
      String type = block.group(1);
      switch (type) {
        case "PRIVATE KEY" -> {
          return pkcs8(file, block.group(2));
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "--tls-key "
                    + file
                    + " is in the PKCS#1/SEC1 format (BEGIN "
                    + type
                    + "), the gateway reads PKCS#8 (BEGIN PRIVATE KEY): convert it with '"
                    + TO_PKCS8.formatted(file)
                    + "'");
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "--tls-key "
                    + file
                    + " is encrypted; the gateway reads an unencrypted PKCS#8 key (keep it 0600):"
                    + " decrypt it with '"
                    + TO_PKCS8.formatted(file)
                    + "'");
        default -> {
          // a certificate or parameters block next to the key: look further
        }
      }
    }
    throw new IllegalArgumentException(
        "--tls-key " + file + " holds no PEM private key (expected -----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey pkcs8(Path file, String base64) {
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls-key " + file + " is not valid base64 PEM", e);
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new IllegalArgumentException(
        "--tls-key " + file + " is not an RSA, EC or EdDSA PKCS#8 private key");
  }

  /** Whether {@code key} signs what the certificate's public key verifies. */
  private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
    byte[] probe = "tern tls key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // different key types (an EC key for an RSA certificate) fail here
      return false;
    }
  }

  private static String read(Path file, String option) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(option + " " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          option + " " + file + " cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an empty PKCS#12 store", e);
    }
    return store;
  }

  private static Path store(KeyStore store, Path file, String password)
      throws GeneralSecurityException {
    try {
      Files.createDirectories(file.getParent());
      createOwnerOnly(file);
      try (OutputStream out =
          Files.newOutputStream(
              file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
        store.store(out, password.toCharArray());
      }
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the TLS store " + file + ": " + e, e);
    }
  }

  /** (Re)creates {@code file} empty, readable and writable by its owner only (0600). */
  static void createOwnerOnly(Path file) throws IOException {
    Files.deleteIfExists(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
