package io.tern.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PEM checks of the TLS listener's files: each problem an operator can make is one line that
 * names the option and the fix. (Converting a good pair is exercised by {@code TlsIT}.)
 */
class TlsStoresTest {
  @TempDir Path dir;

  /** A self-signed EC certificate, public only (its key was thrown away). */
  private static Path fixtureCert() throws URISyntaxException {
    return Path.of(TlsStoresTest.class.getResource("/tls/fixture-cert.pem").toURI());
  }

  @Test
  void missingFile_namesTheOption() {
    Path missing = dir.resolve("server.pem");
    assertThatThrownBy(() -> TlsStores.write(missing, missing, null, dir.resolve("out")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--tls-cert " + missing + " does not exist");
  }

  @Test
  void certFile_withoutCertificate_isRefused() throws Exception {
    Path notCert = write("server.pem", pkcs8Pem("EC"));
    assertThatThrownBy(() -> TlsStores.certificates(notCert, "--tls-cert"))
        .hasMessage(
            "--tls-cert " + notCert + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void pkcs1AndSec1Keys_askForPkcs8_withTheOpensslCommand() throws Exception {
    for (String type : new String[] {"RSA PRIVATE KEY", "EC PRIVATE KEY"}) {
      Path key = write("key.pem", block(type, new byte[] {1, 2, 3}));
      assertThatThrownBy(() -> TlsStores.privateKey(key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "--tls-key " + key + " is in the PKCS#1/SEC1 format (BEGIN " + type + ")")
          .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + key);
    }
  }

  @Test
  void encryptedKey_isRefused() throws Exception {
    Path key = write("key.pem", block("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> TlsStores.privateKey(key))
        .hasMessageStartingWith("--tls-key " + key + " is encrypted");
  }

  @Test
  void certificateGivenAsKey_isRefused() throws Exception {
    Path key = write("key.pem", Files.readString(fixtureCert()));
    assertThatThrownBy(() -> TlsStores.privateKey(key))
        .hasMessage(
            "--tls-key "
                + key
                + " holds no PEM private key (expected -----BEGIN PRIVATE KEY-----)");
  }

  @Test
  void garbageInsidePkcs8Block_isRefused() throws Exception {
    Path key = write("key.pem", block("PRIVATE KEY", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> TlsStores.privateKey(key))
        .hasMessage("--tls-key " + key + " is not an RSA, EC or EdDSA PKCS#8 private key");
  }

  @Test
  void pkcs8Keys_ofEachAlgorithm_areRead() throws Exception {
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      Path key = write("key.pem", pkcs8Pem(algorithm));
      assertThat(TlsStores.privateKey(key).getAlgorithm()).isIn(algorithm, "EdDSA");
    }
  }

  @Test
  void keyOfAnotherCertificate_isRefused_andNothingIsWritten() throws Exception {
    Path cert = fixtureCert();
    Path otherKey = write("key.pem", pkcs8Pem("EC"));
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> TlsStores.write(cert, otherKey, null, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "--tls-key "
                + otherKey
                + " does not belong to the first certificate in --tls-cert "
                + cert
                + " (CN=tern-test-fixture)");
    assertThat(out).doesNotExist();
  }

  @Test
  void clientCa_withoutCertificate_isRefused() throws Exception {
    Path ca = write("ca.pem", "not a certificate\n");
    assertThatThrownBy(() -> TlsStores.certificates(ca, "--tls-client-ca"))
        .hasMessageStartingWith("--tls-client-ca " + ca + " holds no PEM certificate");
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
  }

  private static String pkcs8Pem(String algorithm) throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    return block("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
