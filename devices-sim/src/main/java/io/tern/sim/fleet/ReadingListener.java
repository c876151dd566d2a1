package io.tern.sim.fleet;

/**
 * Told about every reading the fleet handed to an agent (after the agent's outbox took it), e.g. to
 * record what was generated for a checker. Called by the fleet's clock thread.
 */
@FunctionalInterface
public interface ReadingListener {

  ReadingListener NONE = (deviceId, metric, eventTimeMs) -> {};

  void recorded(String deviceId, String metric, long eventTimeMs);
}
