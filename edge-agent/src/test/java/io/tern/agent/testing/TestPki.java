package io.tern.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI generated at test time with the JDK's keytool: a CA, a broker certificate for
 * 127.0.0.1 (in a JKS keystore for HiveMQ) and a client certificate with its PKCS#8 key (PEM, for
 * the agent). Nothing is committed to the repository.
 */
public final class TestPki {
  public static final String PASSWORD = "changeit";

  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  /** Generates everything under {@code dir} (a few seconds: six keytool runs). */
  public static TestPki create(Path dir) {
    TestPki pki = new TestPki(dir);
    try {
      Files.createDirectories(dir);
      pki.generate();
    } catch (IOException e) {
      throw new IllegalStateException("cannot generate the test PKI", e);
    }
    return pki;
  }

  /** PEM certificate of the CA. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** JKS keystore of the broker (key and chain, alias {@code server}). */
  public Path serverKeystore() {
    return dir.resolve("server.jks");
  }

  /** JKS truststore holding the CA (for the broker to check client certificates). */
  public Path truststore() {
    return dir.resolve("truststore.jks");
  }

  /** PEM client certificate signed by the CA. */
  public Path clientCertPem() {
    return dir.resolve("client.pem");
  }

  /** PEM PKCS#8 private key of the client certificate. */
  public Path clientKeyPem() {
    return dir.resolve("client.key");
  }

  private void generate() throws IOException {
    keytool(genkey("ca", "CN=Tern Test CA", "ca.p12", "PKCS12", "-ext", "bc:c"));
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass",
        PASSWORD,
        "-file",
        "ca.pem");
    // Broker: key pair, signed by the CA for 127.0.0.1, chain imported back.
    keytool(genkey("server", "CN=127.0.0.1", "server.jks", "JKS"));
    keytool(
        "-certreq",
        "-alias",
        "server",
        "-keystore",
        "server.jks",
        "-storepass",
        PASSWORD,
        "-file",
        "server.csr");
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass",
        PASSWORD,
        "-infile",
        "server.csr",
        "-outfile",
        "server.pem",
        "-validity",
        "2",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-ext",
        "eku=serverAuth");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        "server.jks",
        "-storepass",
        PASSWORD);
    keytool(
        "-importcert",
        "-alias",
        "server",
        "-file",
        "server.pem",
        "-keystore",
        "server.jks",
        "-storepass",
        PASSWORD);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        "truststore.jks",
        "-storetype",
        "JKS",
        "-storepass",
        PASSWORD);
    // Client: key pair and a CA-signed certificate; the key is exported as PKCS#8 PEM.
    keytool(genkey("client", "CN=dev-mtls", "client.p12", "PKCS12"));
    keytool(
        "-certreq",
        "-alias",
        "client",
        "-keystore",
        "client.p12",
        "-storepass",
        PASSWORD,
        "-file",
        "client.csr");
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass",
        PASSWORD,
        "-infile",
        "client.csr",
        "-outfile",
        "client.pem",
        "-validity",
        "2",
        "-ext",
        "eku=clientAuth");
    exportKey("client.p12", "client", clientKeyPem());
  }

  private static String[] genkey(
      String alias, String dname, String store, String type, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-validity",
                "2",
                "-keystore",
                store,
                "-storetype",
                type,
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private void exportKey(String store, String alias, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(store))) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, PASSWORD.toCharArray());
      Key key = keyStore.getKey(alias, PASSWORD.toCharArray());
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(key.getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Files.writeString(target, pem);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot export the key of " + alias, e);
    }
  }

  private void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
