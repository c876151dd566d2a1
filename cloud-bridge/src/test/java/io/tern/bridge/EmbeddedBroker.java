package io.tern.bridge;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/** A real HiveMQ CE broker on a free loopback port, its files under {@code home}. Test thread. */
final class EmbeddedBroker implements AutoCloseable {

  private final int port;
  private final EmbeddedHiveMQ hivemq;

  private EmbeddedBroker(int port, EmbeddedHiveMQ hivemq) {
    this.port = port;
    this.hivemq = hivemq;
  }

  static EmbeddedBroker start(Path home) throws IOException {
    int port = freePort();
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
          <persistence><mode>in-memory</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port));
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(home.resolve("conf"))
            .withDataFolder(home.resolve("data"))
            .withExtensionsFolder(home.resolve("extensions"))
            .withoutLoggingBootstrap()
            .build();
    hivemq.start().join();
    return new EmbeddedBroker(port, hivemq);
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot stop HiveMQ", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
