package io.tern.agent.source;

/**
 * Where a source hands its readings (the agent's {@code record} in the CLI, a list in tests).
 *
 * <p>Threads: called by the source's own threads; implementations must be thread-safe when a source
 * has several (the InfluxDB listener calls it from one thread per connection).
 */
@FunctionalInterface
public interface ReadingSink {
  /**
   * @param metric a valid metric name, {@code [A-Za-z0-9_.-]{1,64}}
   * @param eventTimeMs when the value was measured, epoch ms
   * @throws RuntimeException if the reading cannot be taken (e.g. the agent is closed)
   */
  void record(String metric, double value, long eventTimeMs);
}
