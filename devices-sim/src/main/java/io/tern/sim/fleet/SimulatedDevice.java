package io.tern.sim.fleet;

import io.tern.agent.Agent;
import io.tern.agent.AgentStats;
import io.tern.sim.signal.SignalGenerator;
import java.util.List;

/**
 * One simulated device: a set of signal generators feeding a real edge agent. Called by the fleet's
 * clock thread only.
 */
@SuppressWarnings("NonAtomicVolatileUpdate") // single writer: the sim-clock thread
final class SimulatedDevice implements AutoCloseable {

  private final Agent agent;
  private final List<SignalGenerator> signals;
  private final long seqAtStart;
  private volatile long readings;
  private volatile long spikes;

  SimulatedDevice(Agent agent, List<SignalGenerator> signals) {
    this.agent = agent;
    this.signals = List.copyOf(signals);
    this.seqAtStart = agent.stats().lastSeq();
  }

  void tick(long eventTimeMs) {
    for (SignalGenerator signal : signals) {
      SignalGenerator.Sample sample = signal.sampleAt(eventTimeMs);
      agent.record(signal.profile().metric(), sample.value(), eventTimeMs);
      readings++;
      if (sample.spike()) {
        spikes++;
      }
    }
  }

  long readings() {
    return readings;
  }

  long spikes() {
    return spikes;
  }

  AgentStats agentStats() {
    return agent.stats();
  }

  /**
   * Readings of this run acknowledged by the gateway (earlier runs' backlog counts too once acked).
   */
  long readingsAcked() {
    return Math.max(0, agent.stats().ackedSeq() - seqAtStart);
  }

  @Override
  public void close() {
    agent.close();
  }
}
