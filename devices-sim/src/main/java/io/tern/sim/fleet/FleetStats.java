package io.tern.sim.fleet;

/** A snapshot of what the fleet has produced and what its agents have had acknowledged. */
public record FleetStats(
    int devices, int devicesConnected, long readings, long readingsAcked, long spikesInjected) {

  /** Readings recorded by the agents and not yet acknowledged by the gateway. */
  public long unacked() {
    return readings - readingsAcked;
  }
}
