package io.tern.agent.cli;

import io.tern.agent.source.influx.InfluxListener;
import io.tern.agent.source.influx.InfluxStats;
import io.tern.agent.source.influx.LineProtocol;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * {@code --source influx}: listens for InfluxDB line protocol on UDP and TCP until Ctrl-C, then
 * prints what it received.
 *
 * <p>Threads: runs on the agent command's thread; the listener's own threads record readings.
 */
final class InfluxFeed {
  private final InetAddress bindAddress;
  private final int port;
  private final LineProtocol.Precision precision;

  InfluxFeed(InetAddress bindAddress, int port, LineProtocol.Precision precision) {
    this.bindAddress = bindAddress;
    this.port = port;
    this.precision = precision;
  }

  /**
   * @param onStarted is given the listener, so that Ctrl-C can close it before the agent
   */
  int run(Feed feed, Consumer<InfluxListener> onStarted) {
    InfluxListener listener;
    try {
      listener =
          InfluxListener.start(
              bindAddress, port, precision, feed.agent()::record, InstantSource.system());
    } catch (UncheckedIOException e) {
      feed.warn("error: " + e.getMessage() + ": " + e.getCause().getMessage());
      return 1;
    }
    try (listener) {
      onStarted.accept(listener);
      feed.say(
          "influx: listening for line protocol on udp+tcp "
              + listener.address()
              + " (timestamps in "
              + precision.label()
              + ")");
      feed.stop().await();
    }
    feed.say(summary(listener.stats()));
    return 0;
  }

  static String summary(InfluxStats stats) {
    return String.format(
        "influx: %d lines, %d readings, %d invalid lines, %d string fields skipped,"
            + " %d readings refused, %d tcp connections",
        stats.lines(),
        stats.readings(),
        stats.invalidLines(),
        stats.stringFieldsSkipped(),
        stats.recordFailures(),
        stats.connections());
  }
}
