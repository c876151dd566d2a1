package io.tern.bench.ingest;

import java.time.Duration;

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

  /** The measured interval starts now (after the warm-up). */
  default void measureStarted() {}

  /** The measured interval ends now. */
  default void measureEnded() {}

  /**
   * The load is over and the target delivered every acknowledged reading: let downstream stages
   * (e.g. the cloud bridge) catch up, for at most {@code timeout}.
   */
  default void drainDownstream(Duration timeout) {}

  /** Stops the system and deletes its files. */
  @Override
  void close();
}
