package io.tern.bench.rollup;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The fleet every rollup benchmark is fed with. Each benchmark makes its own {@link SyntheticFleet}
 * from the same seed, so all of them see exactly the same readings in the same order.
 */
@State(Scope.Thread)
public class Workload {
  /** Event time of the first readings: 2026-01-01T00:00:00Z. */
  static final long START_MS = 1_767_225_600_000L;

  static final long SEED = 20_260_101L;

  @Param("1000")
  public int devices;

  @Param("5")
  public int metrics;

  /** Seconds of readings per agent batch (an agent with a short linger sends one per second). */
  @Param("1")
  public int batchSeconds;

  /** Seconds of event time per benchmark invocation. */
  @Param("2")
  public int chunkSeconds;

  SyntheticFleet newFleet() {
    return new SyntheticFleet(devices, metrics, batchSeconds, START_MS, SEED);
  }
}
