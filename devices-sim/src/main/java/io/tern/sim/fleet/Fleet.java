package io.tern.sim.fleet;

import io.tern.agent.Agent;
import io.tern.agent.AgentConfig;
import io.tern.sim.scenario.DeviceType;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.signal.AnomalyLabel;
import io.tern.sim.signal.MetricProfile;
import io.tern.sim.signal.MetricSpec;
import io.tern.sim.signal.SeriesGenerator;
import io.tern.sim.signal.SignalGenerator;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running fleet: one real {@link Agent} per simulated device (own Chronicle outbox, own MQTT
 * connection), and one clock thread ({@code sim-clock}) that samples every device's signals each
 * interval (one schedule per device type in scenario mode) and records them through the agents.
 * Event time is the injected clock's time.
 */
public final class Fleet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Fleet.class);

  private final List<SimulatedDevice> devices;
  private final ScheduledExecutorService clockThread;
  private final InstantSource clock;
  private volatile boolean closed;
  private volatile boolean sampling = true;

  /** Devices sampled at the same interval. */
  private record Group(List<SimulatedDevice> devices, long intervalMs) {}

  private Fleet(List<SimulatedDevice> devices, InstantSource clock, long intervalMs) {
    this(devices, clock, List.of(new Group(devices, intervalMs)));
  }

  private Fleet(List<SimulatedDevice> devices, InstantSource clock, List<Group> groups) {
    this.devices = devices;
    this.clock = clock;
    this.clockThread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sim-clock");
              thread.setDaemon(true);
              return thread;
            });
    for (Group group : groups) {
      clockThread.scheduleAtFixedRate(
          () -> tick(group.devices()), 0, group.intervalMs(), TimeUnit.MILLISECONDS);
    }
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

  /**
   * Starts a fleet described by a scenario: {@code count} devices per device type, named {@code
   * type-0001} …, each with one {@link SeriesGenerator} per metric. Every injected anomaly's label
   * is passed to {@code labels} (on the clock thread) when the anomaly starts. The scenario's
   * duration is not enforced here: the caller closes the fleet.
   */
  public static Fleet start(
      Scenario scenario,
      String brokerUri,
      Path dataDir,
      InstantSource clock,
      Consumer<AnomalyLabel> labels) {
    return start(scenario, brokerUri, dataDir, clock, labels, ReadingListener.NONE);
  }

  /**
   * As {@link #start(Scenario, String, Path, InstantSource, Consumer)}, and every reading an agent
   * took is passed to {@code readings} (on the clock thread).
   */
  public static Fleet start(
      Scenario scenario,
      String brokerUri,
      Path dataDir,
      InstantSource clock,
      Consumer<AnomalyLabel> labels,
      ReadingListener readings) {
    SplittableRandom seeds = new SplittableRandom(scenario.seed());
    List<SimulatedDevice> all = new ArrayList<>();
    List<Group> groups = new ArrayList<>();
    try {
      for (DeviceType type : scenario.deviceTypes()) {
        long intervalMs = type.sampleInterval().toMillis();
        List<SimulatedDevice> group = new ArrayList<>();
        for (int i = 0; i < type.count(); i++) {
          String deviceId = type.deviceId(i);
          List<SeriesGenerator> series = new ArrayList<>();
          for (MetricSpec metric : type.metrics()) {
            series.add(new SeriesGenerator(deviceId, metric, intervalMs, seeds.split()));
          }
          Agent agent =
              Agent.start(AgentConfig.defaults(deviceId, brokerUri, dataDir.resolve(deviceId)));
          SimulatedDevice device = new SimulatedDevice(agent, List.of(), series, labels, readings);
          all.add(device);
          group.add(device);
        }
        if (!group.isEmpty()) {
          groups.add(new Group(List.copyOf(group), intervalMs));
        }
      }
    } catch (RuntimeException e) {
      all.forEach(SimulatedDevice::close);
      throw e;
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("the scenario has no devices (every count is 0)");
    }
    log.info(
        "Started {} simulated devices of {} types (seed {}) against {}",
        all.size(),
        groups.size(),
        scenario.seed(),
        brokerUri);
    return new Fleet(List.copyOf(all), clock, groups);
  }

  private void tick(List<SimulatedDevice> group) {
    if (!sampling) {
      return;
    }
    long now = clock.millis();
    try {
      for (SimulatedDevice device : group) {
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

  /**
   * Stops generating readings; the agents keep sending what they hold (watch {@link
   * FleetStats#unacked()}). Idempotent; {@link #close()} still closes the agents.
   */
  public void stopSampling() {
    sampling = false;
    clockThread.shutdown();
    try {
      if (!clockThread.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Simulator clock did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the clock, then closes every agent (each flushes what it can). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopSampling();
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
