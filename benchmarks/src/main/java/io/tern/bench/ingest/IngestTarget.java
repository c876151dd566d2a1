package io.tern.bench.ingest;

/**
 * A system the load generator publishes to, and how many readings it has delivered downstream.
 * Threading: the control thread.
 */
sealed interface IngestTarget extends AutoCloseable permits PeerTarget, GatewayTarget {
  /** Short label for tables, e.g. "peer". */
  String label();

  /** What runs, e.g. "Mosquitto 2 + Paho subscriber". */
  String description();

  int mqttPort();

  /**
   * Readings delivered downstream so far (decoded by the subscriber, processed by the pipeline).
   */
  long deliveredReadings();

  /** Side-specific counters worth printing, e.g. dead letters; empty if none. */
  String notes();

  /** Stops the system and deletes its files. */
  @Override
  void close();
}
