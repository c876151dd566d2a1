package io.tern.sim.fleet;

import io.tern.agent.Agent;
import io.tern.agent.AgentConfig;
import io.tern.sim.fault.FaultDriver;
import io.tern.sim.fault.FaultPlan;
import io.tern.sim.fault.FaultProxy;
import io.tern.sim.scenario.DeviceMode;
import io.tern.sim.scenario.DeviceType;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.signal.AnomalyLabel;
import io.tern.sim.signal.MetricSpec;
import io.tern.sim.signal.SeriesGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts a scenario's {@link Fleet}: the fault proxy first (when faults cut links;
 * devices then connect through their link's port), then each device type's devices in its mode,
 * then the fault driver. Everything started is closed again if a later step fails. Runs on the
 * caller's thread.
 */
final class ScenarioFleetBuilder {

  private static final Logger log = LoggerFactory.getLogger(ScenarioFleetBuilder.class);
  private static final long SLICE_MS = 10;

  private final Scenario scenario;
  private final String brokerUri;
  private final Path dataDir;
  private final InstantSource clock;
  private final Consumer<AnomalyLabel> labels;
  private final ReadingListener readings;
  private final FaultPlan plan;
  private final long startMs;
  private final List<SimDevice> all = new ArrayList<>();
  private final List<DirectDevice> direct = new ArrayList<>();
  private final Map<String, FaultDriver.KillTarget> killTargets = new HashMap<>();
  private final List<Fleet.Group> groups = new ArrayList<>();
  private FaultProxy proxy;
  private SharedLinks links;

  ScenarioFleetBuilder(
      Scenario scenario,
      String brokerUri,
      Path dataDir,
      InstantSource clock,
      Consumer<AnomalyLabel> labels,
      ReadingListener readings) {
    this.scenario = scenario;
    this.brokerUri = brokerUri;
    this.dataDir = dataDir;
    this.clock = clock;
    this.labels = labels;
    this.readings = readings;
    this.plan = new FaultPlan(scenario);
    this.startMs = clock.millis();
  }

  Fleet start() {
    if (scenario.totalDevices() == 0) {
      throw new IllegalArgumentException("the scenario has no devices (every count is 0)");
    }
    FaultDriver driver = null;
    try {
      if (plan.cutsLinks()) {
        URI broker = URI.create(brokerUri);
        if (!"tcp".equals(broker.getScheme()) || broker.getPort() < 0) {
          throw new IllegalArgumentException(
              "faults that cut links need a tcp://host:port broker, got " + brokerUri);
        }
        proxy = new FaultProxy(broker.getHost(), broker.getPort(), plan.links());
      }
      if (scenario.load().isPresent()) {
        links = new SharedLinks(scenario.load().get());
      }
      SplittableRandom seeds = new SplittableRandom(scenario.seed());
      for (DeviceType type : scenario.deviceTypes()) {
        startType(type, seeds);
      }
      if (!plan.isEmpty()) {
        driver = new FaultDriver(plan, proxy, killTargets, clock, startMs);
      }
    } catch (RuntimeException e) {
      all.forEach(SimDevice::close);
      if (links != null) {
        links.close();
      }
      if (proxy != null) {
        proxy.close();
      }
      throw e;
    }
    log.info(
        "Started {} simulated devices of {} types (seed {}, {} faults) against {}",
        all.size(),
        scenario.deviceTypes().size(),
        scenario.seed(),
        scenario.faults().size(),
        brokerUri);
    return new Fleet(all, clock, startMs, groups, new FleetRuntime(driver, proxy, direct, links));
  }

  private void startType(DeviceType type, SplittableRandom seeds) {
    long intervalMs = type.sampleInterval().toMillis();
    List<SimDevice> group = new ArrayList<>();
    for (int i = 0; i < type.count(); i++) {
      String deviceId = type.deviceId(i);
      List<SeriesGenerator> series = new ArrayList<>();
      for (MetricSpec metric : type.metrics()) {
        series.add(new SeriesGenerator(deviceId, metric, intervalMs, seeds.split()));
      }
      DeviceSampler sampler =
          new DeviceSampler(deviceId, series, intervalMs, plan, labels, readings);
      String uri = proxy == null ? brokerUri : proxy.uri(plan.linkOf(deviceId));
      switch (type.mode()) {
        case AGENT -> {
          Agent agent = Agent.start(AgentConfig.defaults(deviceId, uri, dataDir.resolve(deviceId)));
          group.add(add(new SimulatedDevice(agent, sampler)));
        }
        case DIRECT -> group.add(add(directDevice(deviceId, sampler, uri, seeds)));
        case PROCESS -> add(processDevice(type, deviceId, sampler, uri));
      }
    }
    if (type.mode() == DeviceMode.DIRECT && links != null) {
      addSpread(group, intervalMs);
    } else if (!group.isEmpty()) {
      groups.add(new Fleet.Group(List.copyOf(group), intervalMs));
    }
  }

  private DirectDevice directDevice(
      String deviceId, DeviceSampler sampler, String uri, SplittableRandom seeds) {
    DoubleSupplier duplicateShare = () -> plan.duplicateShare(deviceId, clock.millis() - startMs);
    BatchPublisher publisher =
        links != null
            ? new SharedLinkPublisher(deviceId, uri, links, duplicateShare, seeds.split())
            : new DirectPublisher(deviceId, uri, duplicateShare, seeds.split());
    DirectDevice device =
        new DirectDevice(
            sampler, plan, publisher, clock, seeds.split(), new SecureRandom().nextLong());
    if (links == null) {
      direct.add(device); // Paho clients are driven by the sim-direct thread
    }
    return device;
  }

  /**
   * A load fleet's devices do not all sample at the same instant: they are split into slices
   * started {@value #SLICE_MS} ms apart over the interval (as unsynchronised real devices would
   * publish), so that the gateway sees a steady stream instead of one burst per interval.
   */
  private void addSpread(List<SimDevice> group, long intervalMs) {
    int slices = (int) Math.max(1, Math.min(group.size(), intervalMs / SLICE_MS));
    for (int k = 0; k < slices; k++) {
      List<SimDevice> slice =
          List.copyOf(group.subList(k * group.size() / slices, (k + 1) * group.size() / slices));
      if (!slice.isEmpty()) {
        groups.add(new Fleet.Group(slice, intervalMs, k * intervalMs / slices));
      }
    }
  }

  private ProcessDevice processDevice(
      DeviceType type, String deviceId, DeviceSampler sampler, String uri) {
    long durationMs =
        scenario
            .duration()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "devices of mode process (" + type.name() + ") need a duration"))
            .toMillis();
    long intervalMs = type.sampleInterval().toMillis();
    List<String> metrics = type.metrics().stream().map(MetricSpec::name).toList();
    Path csv = dataDir.resolve(deviceId + ".csv");
    long count;
    try {
      Files.createDirectories(dataDir);
      count = ProcessCsv.write(csv, sampler, metrics, startMs, intervalMs, durationMs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + csv, e);
    }
    double rate = metrics.size() * 1000.0 / intervalMs;
    ProcessDevice device =
        new ProcessDevice(deviceId, uri, dataDir, csv, count, sampler.anomalies(), rate);
    killTargets.put(deviceId, device);
    device.start();
    return device;
  }

  private <T extends SimDevice> T add(T device) {
    all.add(device);
    return device;
  }
}
