package io.tern.bench.agent;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.tern.agent.Agent;
import io.tern.agent.AgentConfig;
import io.tern.agent.outbox.Outbox;
import io.tern.agent.outbox.OutboxBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Publish throughput of the real agent publisher: an outbox pre-filled with N readings drains to a
 * HiveMQ CE broker in this JVM (Server Receive Maximum 1000, as the gateway configured it until
 * 2026-11-23; it announces 100 since, and its publish rate limit of 200 messages/s per client binds
 * long before either), with a given in-flight window. Timed from the moment the agent is seen
 * connected until the last PUBACK (the acknowledged seq reaches N); readings acknowledged before
 * that moment are not counted.
 *
 * <p>Threads: called by the CLI thread; the agent runs its own publisher thread.
 */
final class PublishThroughput implements AutoCloseable {
  /** What one drain measured. */
  record Result(int window, long readings, long messages, long nanos) {
    double readingsPerSecond() {
      return readings * 1e9 / nanos;
    }

    double messagesPerSecond() {
      return messages * 1e9 / nanos;
    }
  }

  private final Path home;
  private final int port;
  private final EmbeddedHiveMQ broker;
  private int runs;

  PublishThroughput(Path home) throws IOException {
    this.home = home;
    this.port = freePort();
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("data"));
    Files.createDirectories(home.resolve("extensions"));
    Files.writeString(
        home.resolve("conf/config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
          </listeners>
          <mqtt>
            <receive-maximum><server-receive-maximum>1000</server-receive-maximum></receive-maximum>
          </mqtt>
          <persistence><mode>in-memory</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port));
    broker =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(home.resolve("conf"))
            .withDataFolder(home.resolve("data"))
            .withExtensionsFolder(home.resolve("extensions"))
            .withoutLoggingBootstrap()
            .build();
    broker.start().join();
  }

  /** Fills a fresh outbox with {@code readings}, then drains it with the given window. */
  Result drain(int window, int readings, int batchReadings, Duration timeout) {
    runs++;
    String deviceId = "bench-" + window + "-" + runs;
    Path dir = home.resolve(deviceId);
    try (Outbox outbox = Outbox.open(dir, InstantSource.system(), OutboxBudget.DEFAULT)) {
      for (int i = 0; i < readings; i++) {
        outbox.append(
            OutboxAppendBenchmark.METRICS[i & 7], 20.0 + i * 0.001, 1_700_000_000_000L + i);
      }
    }
    AgentConfig config =
        new AgentConfig(
            deviceId,
            "tcp://127.0.0.1:" + port,
            dir,
            batchReadings,
            Duration.ofMillis(200),
            window);
    long deadline = System.nanoTime() + timeout.toNanos();
    long nanos;
    long messages;
    long counted;
    try (Agent agent = Agent.start(config)) {
      while (!agent.stats().connected()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("window " + window + ": not connected after " + timeout);
        }
        LockSupport.parkNanos(20_000);
      }
      long start = System.nanoTime();
      long ackedAtStart = agent.stats().ackedSeq();
      long batchesAtStart = agent.stats().batchesAcked();
      while (agent.stats().ackedSeq() < readings) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "window "
                  + window
                  + ": only "
                  + agent.stats().ackedSeq()
                  + " of "
                  + readings
                  + " readings acknowledged after "
                  + timeout);
        }
        LockSupport.parkNanos(200_000);
      }
      nanos = System.nanoTime() - start;
      messages = agent.stats().batchesAcked() - batchesAtStart;
      counted = readings - ackedAtStart;
    }
    OutboxAppendBenchmark.deleteTree(dir);
    return new Result(window, counted, messages, nanos);
  }

  @Override
  public void close() {
    try {
      broker.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot stop HiveMQ", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
