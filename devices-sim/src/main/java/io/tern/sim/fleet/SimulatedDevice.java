package io.tern.sim.fleet;

import io.tern.agent.Agent;
import io.tern.sim.fault.FaultStats;
import io.tern.sim.signal.SignalGenerator;
import java.util.List;

/**
 * One simulated device publishing through a real edge agent embedded in this JVM ({@code agent}
 * mode): legacy spike-only {@link SignalGenerator}s, or a scenario {@link DeviceSampler}. Ticked by
 * the fleet's clock thread only.
 */
@SuppressWarnings("NonAtomicVolatileUpdate") // single writer: the sim-clock thread
final class SimulatedDevice implements SimDevice {

  private final Agent agent;
  private final List<SignalGenerator> signals;
  private final DeviceSampler sampler;
  private final long seqAtStart;
  private volatile long readings;
  private volatile long spikes;

  /** Legacy mode: spike-only signals. */
  SimulatedDevice(Agent agent, List<SignalGenerator> signals) {
    this(agent, signals, null);
  }

  /** Scenario mode: the sampler's readings go to the agent. */
  SimulatedDevice(Agent agent, DeviceSampler sampler) {
    this(agent, List.of(), sampler);
  }

  private SimulatedDevice(Agent agent, List<SignalGenerator> signals, DeviceSampler sampler) {
    this.agent = agent;
    this.signals = List.copyOf(signals);
    this.sampler = sampler;
    this.seqAtStart = agent.stats().lastSeq();
  }

  @Override
  public void tick(long nowMs, long elapsedMs) {
    for (SignalGenerator signal : signals) {
      SignalGenerator.Sample sample = signal.sampleAt(nowMs);
      agent.record(signal.profile().metric(), sample.value(), nowMs);
      readings++;
      if (sample.spike()) {
        spikes++;
      }
    }
    if (sampler != null) {
      sampler.sample(nowMs, elapsedMs, agent::record);
    }
  }

  @Override
  public long readings() {
    return readings + (sampler == null ? 0 : sampler.readings());
  }

  @Override
  public long anomalies() {
    return spikes + (sampler == null ? 0 : sampler.anomalies());
  }

  @Override
  public boolean connected() {
    return agent.stats().connected();
  }

  /**
   * Readings of this run acknowledged by the gateway (earlier runs' backlog counts too once acked).
   */
  @Override
  public long readingsAcked() {
    return Math.max(0, agent.stats().ackedSeq() - seqAtStart);
  }

  @Override
  public FaultStats faultStats() {
    return sampler == null
        ? FaultStats.NONE
        : new FaultStats(0, 0, 0, 0, 0, 0, sampler.burstReadings(), sampler.shiftedReadings());
  }

  @Override
  public void close() {
    agent.close();
  }
}
