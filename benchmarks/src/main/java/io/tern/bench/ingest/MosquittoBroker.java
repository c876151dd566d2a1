package io.tern.bench.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker process on a free loopback port, with a generated configuration: anonymous
 * access, no persistence, and queue and in-flight limits raised so that it never drops a message
 * for a slow QoS 1 subscriber. Its log goes to {@code mosquitto.log} in the work folder.
 *
 * <p>Threading: started and closed by the control thread.
 */
final class MosquittoBroker implements AutoCloseable {
  static final Path DEFAULT_EXECUTABLE = Path.of("/usr/sbin/mosquitto");

  /** In-flight QoS 1 messages per client; also its Receive Maximum for v5 clients. */
  static final int MAX_INFLIGHT = 1000;

  private final Process process;
  private final int port;
  private final Path log;

  private MosquittoBroker(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts Mosquitto and waits until it accepts connections.
   *
   * @throws IllegalStateException if the executable is missing ("apt-get install mosquitto") or the
   *     broker does not come up (its log is named)
   */
  static MosquittoBroker start(Path executable, Path workDir) throws IOException {
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(
          "mosquitto not found at " + executable + ": apt-get install mosquitto");
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken before we bind it
      int port = freePort();
      Path config = workDir.resolve("mosquitto.conf");
      Path log = workDir.resolve("mosquitto.log");
      Files.writeString(config, config(port));
      Process process =
          new ProcessBuilder(executable.toString(), "-c", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      MosquittoBroker broker = new MosquittoBroker(process, port, log);
      try {
        broker.awaitListening(TimeUnit.SECONDS.toNanos(10));
        return broker;
      } catch (IllegalStateException e) {
        broker.close();
        last = e;
      }
    }
    throw last;
  }

  static String config(int port) {
    return """
        # Written by ./tern bench ingest for one run.
        listener %d 127.0.0.1
        allow_anonymous true
        persistence false
        max_connections -1
        max_inflight_messages %d
        max_queued_messages 0
        max_queued_bytes 0
        set_tcp_nodelay true
        log_dest stdout
        log_type error
        log_type warning
        """
        .formatted(port, MAX_INFLIGHT);
  }

  int port() {
    return port;
  }

  private void awaitListening(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "mosquitto exited with " + process.exitValue() + " at start; see " + log);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleepBriefly();
      }
    }
    throw new IllegalStateException("mosquitto did not listen on port " + port + "; see " + log);
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for mosquitto", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the broker (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
