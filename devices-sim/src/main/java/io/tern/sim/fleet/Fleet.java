package io.tern.sim.fleet;

import io.tern.agent.Agent;
import io.tern.agent.AgentConfig;
import io.tern.sim.signal.MetricProfile;
import io.tern.sim.signal.SignalGenerator;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running fleet: one real {@link Agent} per simulated device (own Chronicle outbox, own MQTT
 * connection), and one clock thread ({@code sim-clock}) that samples every device's signals each
 * interval and records them through the agents. Event time is the injected clock's time.
 */
public final class Fleet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Fleet.class);

  private final List<SimulatedDevice> devices;
  private final ScheduledExecutorService clockThread;
  private final InstantSource clock;
  private volatile boolean closed;

  private Fleet(List<SimulatedDevice> devices, InstantSource clock, long intervalMs) {
    this.devices = devices;
    this.clock = clock;
    this.clockThread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sim-clock");
              thread.setDaemon(true);
              return thread;
            });
    clockThread.scheduleAtFixedRate(this::tick, 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Starts the agents (they connect in the background) and the clock. */
  public static Fleet start(FleetConfig config, InstantSource clock) {
    SplittableRandom seeds = new SplittableRandom(config.seed());
    List<SimulatedDevice> devices = new ArrayList<>(config.devices());
    try {
      for (int i = 0; i < config.devices(); i++) {
        String deviceId = config.deviceId(i);
        Agent agent =
            Agent.start(
                AgentConfig.defaults(
                    deviceId, config.brokerUri(), config.dataDir().resolve(deviceId)));
        List<SignalGenerator> signals = new ArrayList<>();
        for (MetricProfile profile : config.metrics()) {
          signals.add(new SignalGenerator(profile, config.spikeProbability(), seeds.split()));
        }
        devices.add(new SimulatedDevice(agent, signals));
      }
    } catch (RuntimeException e) {
      devices.forEach(SimulatedDevice::close);
      throw e;
    }
    log.info("Started {} simulated devices against {}", devices.size(), config.brokerUri());
    return new Fleet(List.copyOf(devices), clock, config.sampleInterval().toMillis());
  }

  private void tick() {
    if (closed) {
      return;
    }
    long now = clock.millis();
    try {
      for (SimulatedDevice device : devices) {
        device.tick(now);
      }
    } catch (RuntimeException e) {
      // A failing agent must not stop the clock for the other devices; the next tick retries.
      log.error("Simulator tick failed at {}", now, e);
    }
  }

  /** Safe to call from any thread; counters are read without stopping the clock. */
  public FleetStats stats() {
    int connected = 0;
    long readings = 0;
    long acked = 0;
    long spikes = 0;
    for (SimulatedDevice device : devices) {
      if (device.agentStats().connected()) {
        connected++;
      }
      readings += device.readings();
      acked += device.readingsAcked();
      spikes += device.spikes();
    }
    return new FleetStats(devices.size(), connected, readings, acked, spikes);
  }

  /** Stops the clock, then closes every agent (each flushes what it can). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    clockThread.shutdown();
    try {
      if (!clockThread.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Simulator clock did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    devices.parallelStream().forEach(SimulatedDevice::close);
  }
}
