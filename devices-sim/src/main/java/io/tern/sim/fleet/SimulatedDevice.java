package io.tern.sim.fleet;

import io.tern.agent.Agent;
import io.tern.agent.AgentStats;
import io.tern.sim.signal.AnomalyLabel;
import io.tern.sim.signal.SeriesGenerator;
import io.tern.sim.signal.SignalGenerator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One simulated device: signal generators feeding a real edge agent. Either legacy spike-only
 * {@link SignalGenerator}s or scenario {@link SeriesGenerator}s (whose anomaly labels go to a
 * sink). Called by the fleet's clock thread only.
 */
@SuppressWarnings("NonAtomicVolatileUpdate") // single writer: the sim-clock thread
final class SimulatedDevice implements AutoCloseable {

  private final Agent agent;
  private final List<SignalGenerator> signals;
  private final List<SeriesGenerator> series;
  private final Consumer<AnomalyLabel> labels;
  private final String deviceId;
  private final ReadingListener listener;
  private final long seqAtStart;
  private volatile long readings;
  private volatile long spikes;

  SimulatedDevice(Agent agent, List<SignalGenerator> signals) {
    this(agent, signals, List.of(), label -> {}, ReadingListener.NONE);
  }

  SimulatedDevice(
      Agent agent,
      List<SignalGenerator> signals,
      List<SeriesGenerator> series,
      Consumer<AnomalyLabel> labels,
      ReadingListener listener) {
    this.agent = agent;
    this.signals = List.copyOf(signals);
    this.series = List.copyOf(series);
    this.labels = labels;
    this.deviceId = agent.stats().deviceId();
    this.listener = listener;
    this.seqAtStart = agent.stats().lastSeq();
  }

  void tick(long eventTimeMs) {
    for (SignalGenerator signal : signals) {
      SignalGenerator.Sample sample = signal.sampleAt(eventTimeMs);
      agent.record(signal.profile().metric(), sample.value(), eventTimeMs);
      readings++;
      listener.recorded(deviceId, signal.profile().metric(), eventTimeMs);
      if (sample.spike()) {
        spikes++;
      }
    }
    for (SeriesGenerator generator : series) {
      SeriesGenerator.Sample sample = generator.next(eventTimeMs);
      if (sample.started().isPresent()) {
        labels.accept(sample.started().get());
        spikes++;
      }
      if (sample.present()) {
        agent.record(generator.metric(), sample.value(), eventTimeMs);
        readings++;
        listener.recorded(deviceId, generator.metric(), eventTimeMs);
      }
    }
  }

  long readings() {
    return readings;
  }

  /** Injected anomalies: spikes in legacy mode, every labelled anomaly in scenario mode. */
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
