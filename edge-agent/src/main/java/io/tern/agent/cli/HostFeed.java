package io.tern.agent.cli;

import io.tern.agent.source.HostMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/**
 * {@code --source host}: samples the host's metrics every interval until Ctrl-C.
 *
 * <p>Threads: runs on the agent command's thread.
 */
final class HostFeed {
  private HostFeed() {}

  static int run(Feed feed, Duration interval) {
    HostMetrics host = new HostMetrics(Path.of("/"));
    InstantSource clock = InstantSource.system();
    do {
      long now = clock.millis();
      for (Map.Entry<String, Double> metric : host.sample().entrySet()) {
        if (!feed.record(metric.getKey(), metric.getValue(), now)) {
          return 0;
        }
      }
    } while (!feed.stop().awaitNanos(interval.toNanos()));
    return 0;
  }
}
