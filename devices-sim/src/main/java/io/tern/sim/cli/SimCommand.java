package io.tern.sim.cli;

import io.tern.agent.cli.DurationConverter;
import io.tern.sim.collect.MqttOutputCollector;
import io.tern.sim.fleet.Fleet;
import io.tern.sim.fleet.FleetConfig;
import io.tern.sim.fleet.FleetStats;
import io.tern.sim.generated.GeneratedReadingsWriter;
import io.tern.sim.labels.JsonlLabelWriter;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.scenario.ScenarioException;
import io.tern.sim.scenario.ScenarioLoader;
import io.tern.sim.signal.MetricProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tern sim}: runs simulated devices, each through a real edge agent, until Ctrl-C. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates a fleet of devices. Each device runs a real edge agent (durable outbox, MQTT v5)",
      "and produces sine + noise signals with occasional labelled spikes.",
      "Runs until Ctrl-C (or --duration).",
      "With --scenario FILE (YAML, see devices-sim/README.md) device types and modes (agent,",
      "direct, process), signal models, labelled anomalies and faults come from the file;",
      "--devices (per device type) and --duration override it, and --interval,",
      "--spike-probability and --seed are ignored.",
      "A scenario's load block puts its direct devices on one shared event loop",
      "(thousands of MQTT sessions; connect rate, window) and adds acked readings/s",
      "and PUBACK latency percentiles to the progress line and the end of the run.",
      "With --check (and --scenario), after the duration it waits until the",
      "pipeline has drained, then checks the run ('tern sim check'); the exit",
      "status is the check's."
    },
    subcommands = CheckCommand.class)
public final class SimCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--devices",
      defaultValue = "10",
      description = "Number of simulated devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--broker",
      defaultValue = "tcp://localhost:1883",
      description = "MQTT broker of the gateway (default: ${DEFAULT-VALUE}).")
  String broker;

  @Option(
      names = "--data-dir",
      defaultValue = ".tern/sim",
      description = "Folder for the agents' outboxes, one per device (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--interval",
      defaultValue = "200ms",
      converter = DurationConverter.class,
      description =
          "Time between two readings of a metric, e.g. 200ms, 1s (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--spike-probability",
      defaultValue = "0.002",
      description = "Chance that a reading is an injected spike (default: ${DEFAULT-VALUE}).")
  double spikeProbability;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed; same seed, same signals (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scenario",
      description = "Scenario YAML file (default: none, a single fleet of sine + spike devices).")
  Path scenario;

  @Option(
      names = "--labels",
      description =
          "JSONL file receiving one ground-truth label per injected anomaly, with --scenario"
              + " (default: <data-dir>/labels.jsonl).")
  Path labels;

  @Option(
      names = "--generated",
      description =
          "JSON Lines file receiving how many readings each series generated per second, with"
              + " --scenario (default: <data-dir>/generated.jsonl).")
  Path generated;

  @Option(
      names = "--check",
      description =
          "With --scenario and --duration: after the run, wait for the pipeline to drain and check"
              + " its outputs (see 'tern sim check --help').")
  boolean check;

  @Option(
      names = "--outputs",
      description =
          "With --check: the bridge's NDJSON file sink to check (default: collect the gateway's"
              + " rollups and alerts over MQTT during the run into <data-dir>/outputs.jsonl).")
  Path outputs;

  @Option(
      names = "--drain-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "With --check: longest wait for acks and the last rollup windows (default:"
              + " ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 90s, 10m (default: run until Ctrl-C).")
  Duration duration;

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (scenario != null) {
      return runScenario();
    }
    if (check) {
      spec.commandLine().getErr().println("error: --check needs --scenario (see --help)");
      return 2;
    }
    FleetConfig config =
        new FleetConfig(
            devices,
            "sim",
            broker,
            dataDir,
            interval,
            MetricProfile.defaults(),
            spikeProbability,
            seed);
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    try (Fleet fleet = Fleet.start(config, InstantSource.system())) {
      Thread hook = new Thread(stop::countDown, "sim-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out.printf(
          "Simulating %d devices (%d metrics every %d ms) against %s; Ctrl-C to stop.%n",
          devices, config.metrics().size(), interval.toMillis(), broker);
      out.flush();
      runUntilStopped(fleet, duration, stop, out, "spikes");
    }
    return 0;
  }

  private int runScenario() throws InterruptedException, IOException {
    Scenario loaded;
    try {
      loaded = ScenarioLoader.load(scenario);
    } catch (ScenarioException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    }
    try {
      if (spec.commandLine().getParseResult().hasMatchedOption("--devices")) {
        loaded = loaded.withDevicesPerType(devices);
      }
      if (duration != null) {
        loaded = loaded.withDuration(duration);
      }
    } catch (IllegalArgumentException e) {
      spec.commandLine()
          .getErr()
          .println("error: " + scenario + " with the options given: " + e.getMessage());
      return 2;
    }
    if (check && loaded.duration().isEmpty()) {
      spec.commandLine().getErr().println("error: --check needs a duration (see --help)");
      return 2;
    }
    Path labelsFile = labels != null ? labels : dataDir.resolve("labels.jsonl");
    Path generatedFile = generated != null ? generated : dataDir.resolve("generated.jsonl");
    List<Path> checked = List.of(outputs != null ? outputs : dataDir.resolve("outputs.jsonl"));
    try {
      return runScenario(loaded, labelsFile, generatedFile, checked);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: " + scenario + ": " + e.getMessage());
      return 2;
    }
  }

  private int runScenario(Scenario loaded, Path labelsFile, Path generatedFile, List<Path> checked)
      throws InterruptedException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    boolean stopped;
    try (MqttOutputCollector collector =
            check && outputs == null
                ? MqttOutputCollector.start(
                    broker, "tern-sim-check-" + ProcessHandle.current().pid(), checked.get(0))
                : null;
        JsonlLabelWriter labelWriter = new JsonlLabelWriter(labelsFile);
        GeneratedReadingsWriter generatedWriter =
            new GeneratedReadingsWriter(generatedFile, GeneratedReadingsWriter.DEFAULT_BUCKET_MS);
        Fleet fleet =
            Fleet.start(
                loaded,
                broker,
                dataDir,
                InstantSource.system(),
                labelWriter,
                generatedWriter::recorded)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "sim-shutdown"));
      out.printf(
          "Scenario %s: %d devices of %d types (seed %d) against %s; labels to %s; Ctrl-C to"
              + " stop.%n",
          scenario,
          loaded.totalDevices(),
          loaded.deviceTypes().size(),
          loaded.seed(),
          broker,
          labelsFile);
      out.flush();
      stopped = runUntilStopped(fleet, loaded.duration().orElse(null), stop, out, "anomalies");
      fleet.loadReport().ifPresent(report -> out.println(report.wholeSummary()));
      out.flush();
      if (!check || stopped) {
        return 0;
      }
      fleet.stopSampling();
      generatedWriter.finish();
      DrainWait.await(fleet, generatedFile, checked, drainTimeout, out);
      if (collector != null) {
        out.printf(
            "collected %d rollups and alerts over MQTT into %s%n",
            collector.received(), collector.file());
      }
    }
    return CheckCommand.check(
        generatedFile,
        labelsFile,
        checked,
        loaded.check(),
        OptionalLong.empty(),
        out,
        spec.commandLine().getErr());
  }

  /** Returns true when stopped by Ctrl-C, false when the time limit was reached. */
  private static boolean runUntilStopped(
      Fleet fleet, Duration limit, CountDownLatch stop, PrintWriter out, String anomalies)
      throws InterruptedException {
    long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      if (stop.await(Math.min(left, 5_000_000_000L), TimeUnit.NANOSECONDS)) {
        return true;
      }
      FleetStats stats = fleet.stats();
      out.printf(
          "devices %d/%d connected | readings %d | acked %d | unacked %d | %s %d%n",
          stats.devicesConnected(),
          stats.devices(),
          stats.readings(),
          stats.readingsAcked(),
          stats.unacked(),
          anomalies,
          stats.spikesInjected());
      if (fleet.hasFaults()) {
        out.println("  " + fleet.faultStats().summary());
      }
      fleet.loadReport().ifPresent(report -> out.println("  " + report.intervalSummary()));
      out.flush();
    }
  }
}
