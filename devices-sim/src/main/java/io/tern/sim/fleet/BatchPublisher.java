package io.tern.sim.fleet;

/**
 * Where a {@code direct} device hands its encoded {@code TelemetryBatch}es: an MQTT session of its
 * own that publishes them with QoS 1 on {@code tern/v1/telemetry/{deviceId}} and keeps each in
 * memory until its PUBACK. {@link DirectPublisher} (one Paho client per device) or {@link
 * SharedLinkPublisher} (one session on a shared event loop, the scenario's {@code load} block).
 */
interface BatchPublisher extends AutoCloseable {

  /** Queues one batch of {@code readings} readings; called by the fleet's clock thread. */
  void enqueue(byte[] payload, int readings);

  /** Publishes what the window allows, if the publisher needs to be driven (Paho: yes). */
  default void pump() {}

  /** Readings of this run acknowledged by the gateway (first PUBACK of each batch). */
  long ackedReadings();

  /** Batches published once more on purpose (the {@code duplicates} fault) and acknowledged. */
  long duplicatesSent();

  boolean connected();

  @Override
  void close();
}
