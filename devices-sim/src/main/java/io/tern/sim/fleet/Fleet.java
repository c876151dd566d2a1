package io.tern.sim.fleet;

import io.tern.agent.Agent;
import io.tern.agent.AgentConfig;
import io.tern.sim.fault.FaultStats;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.signal.AnomalyLabel;
import io.tern.sim.signal.MetricProfile;
import io.tern.sim.signal.SignalGenerator;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running fleet of simulated devices ({@link SimDevice}: embedded real agents, direct publishers
 * or agent processes, see {@link io.tern.sim.scenario.DeviceMode}) and one clock thread ({@code
 * sim-clock}) that samples every device's signals each interval (one schedule per device type in
 * scenario mode). Event time is the injected clock's time, moved by the device's clock faults. A
 * scenario's faults run beside it ({@link FleetRuntime}).
 */
public final class Fleet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Fleet.class);

  private final List<SimDevice> devices;
  private final ScheduledExecutorService clockThread;
  private final InstantSource clock;
  private final long startMs;
  private final FleetRuntime runtime;
  private volatile boolean closed;
  private volatile boolean sampling = true;

  /** Devices sampled at the same interval, the first time {@code offsetMs} after the start. */
  record Group(List<? extends SimDevice> devices, long intervalMs, long offsetMs) {
    Group(List<? extends SimDevice> devices, long intervalMs) {
      this(devices, intervalMs, 0);
    }
  }

  Fleet(
      List<SimDevice> devices,
      InstantSource clock,
      long startMs,
      List<Group> groups,
      FleetRuntime runtime) {
    this.devices = List.copyOf(devices);
    this.clock = clock;
    this.startMs = startMs;
    this.runtime = runtime;
    this.clockThread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sim-clock");
              thread.setDaemon(true);
              return thread;
            });
    for (Group group : groups) {
      clockThread.scheduleAtFixedRate(
          () -> tick(group.devices()), group.offsetMs(), group.intervalMs(), TimeUnit.MILLISECONDS);
    }
  }

  /** Starts the agents (they connect in the background) and the clock. */
  public static Fleet start(FleetConfig config, InstantSource clock) {
    SplittableRandom seeds = new SplittableRandom(config.seed());
    List<SimDevice> devices = new ArrayList<>(config.devices());
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
      devices.forEach(SimDevice::close);
      throw e;
    }
    log.info("Started {} simulated devices against {}", devices.size(), config.brokerUri());
    return new Fleet(
        devices,
        clock,
        clock.millis(),
        List.of(new Group(devices, config.sampleInterval().toMillis())),
        FleetRuntime.NONE);
  }

  /**
   * Starts a fleet described by a scenario: {@code count} devices per device type, named {@code
   * type-0001} …, in the type's mode, each with one series generator per metric, and the scenario's
   * faults. Every injected anomaly's label is passed to {@code labels} (on the clock thread) when
   * the anomaly starts. The scenario's duration is not enforced here: the caller closes the fleet.
   *
   * @throws IllegalArgumentException if the scenario cannot run as given (no devices; process
   *     devices without a duration; faults that cut links of a broker that is not tcp://)
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
   * As {@link #start(Scenario, String, Path, InstantSource, Consumer)}, and every reading generated
   * is passed to {@code readings}: on the clock thread, or at start for the whole file of a process
   * device.
   */
  public static Fleet start(
      Scenario scenario,
      String brokerUri,
      Path dataDir,
      InstantSource clock,
      Consumer<AnomalyLabel> labels,
      ReadingListener readings) {
    return new ScenarioFleetBuilder(scenario, brokerUri, dataDir, clock, labels, readings).start();
  }

  private void tick(List<? extends SimDevice> group) {
    if (!sampling) {
      return;
    }
    long now = clock.millis();
    try {
      for (SimDevice device : group) {
        device.tick(now, now - startMs);
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
    long anomalies = 0;
    for (SimDevice device : devices) {
      if (device.connected()) {
        connected++;
      }
      readings += device.readings();
      acked += device.readingsAcked();
      anomalies += device.anomalies();
    }
    return new FleetStats(devices.size(), connected, readings, acked, anomalies);
  }

  /** What the scenario's faults did so far; safe to call from any thread. */
  public FaultStats faultStats() {
    FaultStats total = runtime.stats();
    for (SimDevice device : devices) {
      total = total.plus(device.faultStats());
    }
    return total;
  }

  /**
   * PUBACK latency and acknowledged readings per second of the direct devices of a scenario with a
   * {@code load} block, since the previous call, since the start and in the steady state (see
   * {@link LoadReport}); empty without one. Each call ends an interval: call from one place (the
   * progress line).
   */
  public Optional<LoadReport> loadReport() {
    FleetStats stats = stats();
    return runtime.loadReport(stats.devicesConnected() == stats.devices());
  }

  /** Whether the fleet runs scripted faults (the progress line then shows their counts). */
  public boolean hasFaults() {
    return runtime.hasFaults();
  }

  /**
   * Stops generating readings; the devices keep sending what they hold (watch {@link
   * FleetStats#unacked()}), and faults still due (restarts) are carried out. Idempotent; {@link
   * #close()} still closes the devices.
   */
  public void stopSampling() {
    if (!sampling) {
      return;
    }
    sampling = false;
    clockThread.shutdown();
    try {
      if (!clockThread.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Simulator clock did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    devices.forEach(SimDevice::stopSampling);
  }

  /** Stops the clock and the faults, then closes every device (each flushes what it can). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopSampling();
    runtime.closeDriver();
    devices.parallelStream().forEach(SimDevice::close);
    runtime.close();
  }
}
