package io.tern.sim.scenario;

/**
 * The scenario's {@code load} block: its {@code direct} devices publish over one shared event loop
 * (asynchronous MQTT 5 sessions, a handful of threads for thousands of devices) instead of one Paho
 * client each, and the PUBACK latency of every batch is recorded.
 *
 * @param connectRate new MQTT connections opened per second at most (over all devices), so that a
 *     large fleet does not storm the broker at start or after a gateway restart
 * @param window unacknowledged batches per device at most; later batches wait in memory
 */
public record LoadSettings(int connectRate, int window) {

  public static final int DEFAULT_CONNECT_RATE = 500;
  public static final int DEFAULT_WINDOW = 4;

  public LoadSettings {
    if (connectRate < 1) {
      throw new IllegalArgumentException("connect-rate must be >= 1, was " + connectRate);
    }
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, was " + window);
    }
  }

  public static LoadSettings defaults() {
    return new LoadSettings(DEFAULT_CONNECT_RATE, DEFAULT_WINDOW);
  }
}
