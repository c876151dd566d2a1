package io.tern.agent.testing;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HiveMQ CE broker on a free port, with file persistence under a folder, so it can be
 * stopped and started again on the same port with client sessions kept.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final Path home;
  private final int port;
  private EmbeddedHiveMQ hivemq;
  private PublishInboundInterceptor interceptor;
  private int tlsPort;
  private String tlsConfig = "";
  private Credentials credentials;

  public EmbeddedBroker(Path home) {
    this.home = home;
    this.port = freePort();
    try {
      Files.createDirectories(home.resolve("conf"));
      Files.createDirectories(home.resolve("data"));
      Files.createDirectories(home.resolve("extensions"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeConfig() {
    try {
      Files.writeString(
          home.resolve("conf/config.xml"),
          """
          <?xml version="1.0"?>
          <hivemq>
            <listeners>
              <tcp-listener>
                <port>%d</port>
                <bind-address>127.0.0.1</bind-address>
              </tcp-listener>
              %s
            </listeners>
            <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
          </hivemq>
          """
              .formatted(port, tlsConfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds a TLS listener on a free port of 127.0.0.1 (from the next {@link #start}) with the broker
   * key of {@code pki}; with {@code requireClientCert}, clients must present a certificate signed
   * by the PKI's CA.
   */
  public EmbeddedBroker withTls(TestPki pki, boolean requireClientCert) {
    tlsPort = freePort();
    String trust =
        requireClientCert
            ? """
              <truststore><path>%s</path><password>%s</password></truststore>
              <client-authentication-mode>REQUIRED</client-authentication-mode>
              """
                .formatted(pki.truststore(), TestPki.PASSWORD)
            : "<client-authentication-mode>NONE</client-authentication-mode>";
    tlsConfig =
        """
        <tls-tcp-listener>
          <port>%d</port>
          <bind-address>127.0.0.1</bind-address>
          <tls>
            <keystore>
              <path>%s</path>
              <password>%s</password>
              <private-key-password>%s</private-key-password>
            </keystore>
            %s
          </tls>
        </tls-tcp-listener>
        """
            .formatted(tlsPort, pki.serverKeystore(), TestPki.PASSWORD, TestPki.PASSWORD, trust);
    return this;
  }

  /** {@code ssl://127.0.0.1:<port>} of the TLS listener ({@link #withTls}). */
  public String tlsUri() {
    if (tlsPort == 0) {
      throw new IllegalStateException("no TLS listener: call withTls first");
    }
    return "ssl://127.0.0.1:" + tlsPort;
  }

  /**
   * Accepts only clients with this user name and password (from the next {@link #start}); every
   * CONNECT is counted in {@link Credentials#attempts}.
   */
  public EmbeddedBroker withCredentials(Credentials credentials) {
    this.credentials = credentials;
    return this;
  }

  /** The one user name and password the broker accepts, and the CONNECTs it has seen. */
  public static final class Credentials {
    public final AtomicInteger attempts = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();
    private final String username;
    private final String password;

    public Credentials(String username, String password) {
      this.username = username;
      this.password = password;
    }

    void check(SimpleAuthInput input, SimpleAuthOutput output) {
      attempts.incrementAndGet();
      String user = input.getConnectPacket().getUserName().orElse(null);
      String pass =
          input
              .getConnectPacket()
              .getPassword()
              .map(b -> StandardCharsets.UTF_8.decode(b.asReadOnlyBuffer()).toString())
              .orElse(null);
      if (username.equals(user) && password.equals(pass)) {
        output.authenticateSuccessfully();
      } else {
        refused.incrementAndGet();
        output.failAuthentication(
            ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong user name or password");
      }
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  /**
   * Sees every inbound PUBLISH of every client (in the broker, before its PUBACK), from the next
   * {@link #start} on; e.g. to record telemetry in-process or to hold PUBACKs with async output.
   */
  public EmbeddedBroker withPublishInterceptor(PublishInboundInterceptor interceptor) {
    this.interceptor = interceptor;
    return this;
  }

  public EmbeddedBroker start() {
    writeConfig();
    EmbeddedHiveMQBuilder builder =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(home.resolve("conf"))
            .withDataFolder(home.resolve("data"))
            .withExtensionsFolder(home.resolve("extensions"))
            .withoutLoggingBootstrap();
    if (interceptor != null || credentials != null) {
      builder.withEmbeddedExtension(
          EmbeddedExtension.builder()
              .withId("tern-test-extension")
              .withName("Tern test extension")
              .withVersion("1")
              .withExtensionMain(new TestExtension(interceptor, credentials))
              .build());
    }
    hivemq = builder.build();
    hivemq.start().join();
    return this;
  }

  public void stop() {
    if (hivemq == null) {
      return;
    }
    try {
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping HiveMQ", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot stop HiveMQ", e);
    } finally {
      hivemq = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private record TestExtension(PublishInboundInterceptor interceptor, Credentials credentials)
      implements ExtensionMain {
    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
      if (interceptor != null) {
        Services.initializerRegistry()
            .setClientInitializer(
                (initializerInput, clientContext) ->
                    clientContext.addPublishInboundInterceptor(interceptor));
      }
      if (credentials != null) {
        SimpleAuthenticator authenticator = credentials::check;
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
      }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
  }
}
