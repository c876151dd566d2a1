package io.tern.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway PKI made with the JDK's keytool at test time, in PEM as an operator has it: a CA, a
 * server certificate for 127.0.0.1/localhost with its PKCS#8 key, and client certificates for one
 * client key pair (any CN, signed by the CA or by another CA, or already expired). Nothing is
 * committed to the repository.
 */
public final class TlsTestPki {
  private static final String PASSWORD = "changeit";

  private final Path dir;
  private final PrivateKey clientKey;

  private TlsTestPki(Path dir) throws IOException {
    this.dir = dir;
    keytool(genkey("ca", "CN=Tern Test CA", "ca.p12", "-ext", "bc:c"));
    keytool(store("-exportcert", "ca.p12", "-rfc", "-alias", "ca", "-file", "ca.pem"));
    keytool(genkey("ca", "CN=Other CA", "other-ca.p12", "-ext", "bc:c"));
    keytool(genkey("server", "CN=127.0.0.1", "server.p12"));
    keytool(store("-certreq", "server.p12", "-alias", "server", "-file", "server.csr"));
    sign("ca.p12", "server.csr", "server-cert.pem", "-ext", "san=ip:127.0.0.1,dns:localhost");
    Files.writeString(
        serverChainPem(),
        Files.readString(dir.resolve("server-cert.pem")) + Files.readString(caPem()));
    writePkcs8(key("server.p12", "server"), serverKeyPem());
    keytool(genkey("client", "CN=client", "client.p12"));
    keytool(store("-certreq", "client.p12", "-alias", "client", "-file", "client.csr"));
    clientKey = key("client.p12", "client");
  }

  /** Generates the CAs, the server certificate and the client key pair under {@code dir}. */
  public static TlsTestPki create(Path dir) {
    try {
      Files.createDirectories(dir);
      return new TlsTestPki(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot generate the test PKI", e);
    }
  }

  /** The CA's certificate (PEM): the client CA, and what clients trust for the server. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** The server certificate followed by the CA's (PEM). */
  public Path serverChainPem() {
    return dir.resolve("server.pem");
  }

  /** The server certificate's private key, unencrypted PKCS#8 PEM. */
  public Path serverKeyPem() {
    return dir.resolve("server-key.pem");
  }

  /** A client certificate with subject {@code CN=cn} for the client key, valid for two days. */
  public Path clientCert(String cn) {
    return sign("ca.p12", "client.csr", cn + ".pem", "-dname", "CN=" + cn);
  }

  /** A client certificate signed by another CA than {@link #caPem()}. */
  public Path clientCertOfOtherCa(String cn) {
    return sign("other-ca.p12", "client.csr", cn + "-other-ca.pem", "-dname", "CN=" + cn);
  }

  /** A client certificate that was valid for one day and expired two days ago. */
  public Path expiredClientCert(String cn) {
    return sign(
        "ca.p12",
        "client.csr",
        cn + "-expired.pem",
        "-dname",
        "CN=" + cn,
        "-startdate",
        "-3d",
        "-validity",
        "1");
  }

  /**
   * A socket factory that trusts the CA for the server and, when {@code clientCert} is given,
   * presents it with the client key.
   */
  public SSLSocketFactory socketFactory(Path clientCert) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", certificates(caPem()).get(0));
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (clientCert != null) {
        keys.setKeyEntry(
            "client",
            clientKey,
            PASSWORD.toCharArray(),
            certificates(clientCert).toArray(Certificate[]::new));
      }
      keyManagers.init(keys, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the client TLS context", e);
    }
  }

  private static List<Certificate> certificates(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + pem, e);
    }
  }

  private Path sign(String caStore, String csr, String out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(store("-gencert", caStore, "-rfc", "-alias", "ca", "-infile", csr)));
    args.addAll(List.of("-outfile", out));
    if (!List.of(more).contains("-validity")) {
      args.addAll(List.of("-validity", "2"));
    }
    args.addAll(List.of(more));
    try {
      keytool(args.toArray(String[]::new));
    } catch (IOException e) {
      throw new IllegalStateException("cannot sign " + out, e);
    }
    return dir.resolve(out);
  }

  private PrivateKey key(String store, String alias) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(store))) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, PASSWORD.toCharArray());
      return (PrivateKey) keyStore.getKey(alias, PASSWORD.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the key of " + alias, e);
    }
  }

  private static void writePkcs8(PrivateKey key, Path target) throws IOException {
    Files.writeString(
        target,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
  }

  private static String[] genkey(String alias, String dname, String store, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                store(
                    "-genkeypair",
                    store,
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
                    "-storetype",
                    "PKCS12",
                    "-keypass",
                    PASSWORD)));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** {@code command} on {@code store} (opened with the test password), then {@code more}. */
  private static String[] store(String command, String store, String... more) {
    List<String> args =
        new ArrayList<>(List.of(command, "-keystore", store, "-storepass", PASSWORD));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    // a short-lived JVM: start fast (a third of the time on a busy machine)
    command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
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
