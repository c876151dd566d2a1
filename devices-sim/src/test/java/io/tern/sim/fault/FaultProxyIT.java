package io.tern.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy with real sockets, in front of an echo server standing in for the broker. */
class FaultProxyIT {

  private ServerSocket echo;
  private Thread echoThread;
  private FaultProxy proxy;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread t = new Thread(() -> echoBack(s), "test-echo-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return; // closed
                }
              }
            },
            "test-echo");
    echoThread.setDaemon(true);
    echoThread.start();
    proxy = new FaultProxy("127.0.0.1", echo.getLocalPort(), List.of("shared", "dev-1"));
  }

  private static void echoBack(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      for (int b = in.read(); b >= 0; b = in.read()) {
        out.write(b);
        out.flush();
      }
    } catch (IOException e) {
      // the proxy closed the connection: the test checks what the client saw
    }
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private Socket connect(String link) throws IOException {
    URI uri = URI.create(proxy.uri(link));
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static int roundTrip(Socket socket, int value) throws IOException {
    socket.getOutputStream().write(value);
    socket.getOutputStream().flush();
    return socket.getInputStream().read();
  }

  @Test
  void forwards_cutClosesOpenConnectionsAndRefusesNewOnes_restoreForwardsAgain()
      throws IOException {
    try (Socket shared = connect("shared");
        Socket device = connect("dev-1")) {
      assertThat(roundTrip(shared, 7)).isEqualTo(7);
      assertThat(roundTrip(device, 8)).isEqualTo(8);

      proxy.cut("dev-1");

      assertThat(device.getInputStream().read()).as("cut connection ends").isEqualTo(-1);
      assertThat(roundTrip(shared, 9)).as("other links unaffected").isEqualTo(9);
    }
    try (Socket refused = connect("dev-1")) {
      assertThat(refused.getInputStream().read()).as("closed at once").isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.refused() == 1);
    assertThat(proxy.cuts()).isEqualTo(1);

    proxy.cut("dev-1"); // already cut: not counted again
    proxy.restore("dev-1");
    try (Socket again = connect("dev-1")) {
      assertThat(roundTrip(again, 10)).isEqualTo(10);
    }
    assertThat(proxy.cuts()).isEqualTo(1);
  }
}
