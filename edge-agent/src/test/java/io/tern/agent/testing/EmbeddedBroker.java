package io.tern.agent.testing;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/**
 * A real HiveMQ CE broker on a free port, with file persistence under a folder, so it can be
 * stopped and started again on the same port with client sessions kept.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final Path home;
  private final int port;
  private EmbeddedHiveMQ hivemq;
  private PublishInboundInterceptor interceptor;

  public EmbeddedBroker(Path home) {
    this.home = home;
    this.port = freePort();
    try {
      Files.createDirectories(home.resolve("conf"));
      Files.createDirectories(home.resolve("data"));
      Files.createDirectories(home.resolve("extensions"));
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
            </listeners>
            <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
          </hivemq>
          """
              .formatted(port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    EmbeddedHiveMQBuilder builder =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(home.resolve("conf"))
            .withDataFolder(home.resolve("data"))
            .withExtensionsFolder(home.resolve("extensions"))
            .withoutLoggingBootstrap();
    if (interceptor != null) {
      builder.withEmbeddedExtension(
          EmbeddedExtension.builder()
              .withId("tern-test-interceptor")
              .withName("Tern test interceptor")
              .withVersion("1")
              .withExtensionMain(new InterceptorExtension(interceptor))
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

  private record InterceptorExtension(PublishInboundInterceptor interceptor)
      implements ExtensionMain {
    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
      Services.initializerRegistry()
          .setClientInitializer(
              (initializerInput, clientContext) ->
                  clientContext.addPublishInboundInterceptor(interceptor));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
  }
}
