package io.tern.sim.fleet;

/**
 * One simulated device, whatever its mode. {@link #tick} and {@link #stopSampling} are called by
 * the fleet's clock thread; the counters and {@link #connected} from any thread.
 */
interface SimDevice extends AutoCloseable {

  /** Takes this interval's readings; {@code elapsedMs} since the start of the run. */
  void tick(long nowMs, long elapsedMs);

  /** No more ticks will come: hand over whatever is held back. */
  default void stopSampling() {}

  /** Readings this device produced (handed to its agent, or queued to be published). */
  long readings();

  /** Readings of this run the gateway acknowledged. */
  long readingsAcked();

  /** Injected anomalies (spikes in legacy mode, every labelled anomaly in scenario mode). */
  long anomalies();

  boolean connected();

  /** Counts of the faults this device carried out itself (duplicates, reordering, clock shifts). */
  default io.tern.sim.fault.FaultStats faultStats() {
    return io.tern.sim.fault.FaultStats.NONE;
  }

  @Override
  void close();
}
