package io.tern.launcher.sim;

import static org.awaitility.Awaitility.await;

import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.bridge.SinkSettings;
import io.tern.gateway.Gateway;
import io.tern.gateway.status.GatewayStats;
import io.tern.sim.check.CheckFiles;
import io.tern.sim.check.ReadingsCheck;
import io.tern.sim.cli.SimCommand;
import io.tern.sim.fault.FaultStats;
import io.tern.sim.fleet.Fleet;
import io.tern.sim.fleet.FleetStats;
import io.tern.sim.fleet.LoadReport;
import io.tern.sim.generated.GeneratedCount;
import io.tern.sim.generated.GeneratedReadingsWriter;
import io.tern.sim.labels.JsonlLabelWriter;
import io.tern.sim.scenario.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a scenario through the real pipeline in this JVM, as a user would: gateway with embedded
 * HiveMQ CE (1 s rollups) → output log → cloud bridge with the NDJSON file sink; the fleet
 * (whatever its device modes and faults) publishes to the gateway for the scenario's duration, then
 * stops sampling; the run waits until every reading is acknowledged and the bridge's file holds the
 * window of every series' last reading. Used by the scenario ITs (test thread).
 */
final class ScenarioPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(ScenarioPipeline.class);

  /**
   * Where a finished run's files are, and what the fleet, its faults and the gateway counted;
   * {@code load} is the whole run's load report of a scenario with a {@code load} block.
   */
  record Run(
      Path labels,
      Path generated,
      Path outputs,
      FleetStats fleet,
      FaultStats faults,
      GatewayStats gateway,
      Optional<LoadReport> load) {}

  private ScenarioPipeline() {}

  /**
   * @param gatewaySettings extra {@code tern.gateway.*} settings (without the prefix)
   * @param drainPatience how long the acknowledgements and the last windows may take
   */
  static Run run(
      Scenario scenario, Path dir, Map<String, Object> gatewaySettings, Duration drainPatience)
      throws Exception {
    Duration duration = scenario.duration().orElseThrow();
    Path labels = dir.resolve("sim/labels.jsonl");
    Path generated = dir.resolve("sim/generated.jsonl");
    Path outputs = dir.resolve("bridge/tern.ndjson");
    Map<String, Object> properties = new HashMap<>();
    properties.put("tern.gateway.mqtt-port", 0);
    properties.put("tern.gateway.data-dir", dir.resolve("gateway").toString());
    properties.put("tern.gateway.rollup-window", "1s");
    properties.put("micronaut.server.port", 0);
    gatewaySettings.forEach((key, value) -> properties.put("tern.gateway." + key, value));

    try (Gateway gateway = Gateway.start(properties);
        Bridge bridge =
            Bridge.start(
                BridgeConfig.defaults(gateway.outputLogDir(), "unused:9092")
                    .withSink(new SinkSettings.File(outputs)));
        JsonlLabelWriter labelWriter = new JsonlLabelWriter(labels);
        GeneratedReadingsWriter generatedWriter =
            new GeneratedReadingsWriter(generated, GeneratedReadingsWriter.DEFAULT_BUCKET_MS);
        Fleet fleet =
            Fleet.start(
                scenario,
                "tcp://127.0.0.1:" + gateway.mqttPort(),
                dir.resolve("agents"),
                InstantSource.system(),
                labelWriter,
                generatedWriter::recorded)) {
      long started = System.nanoTime();
      await()
          .pollDelay(duration)
          .atMost(duration.plus(drainPatience))
          .until(() -> System.nanoTime() - started >= duration.toNanos());
      fleet.stopSampling();
      generatedWriter.finish();
      await()
          .atMost(drainPatience)
          .conditionEvaluationListener(
              c -> LOG.info("draining: {} | {}", fleet.stats(), fleet.faultStats().summary()))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> fleet.stats().unacked() == 0);
      List<GeneratedCount> counts = CheckFiles.readGenerated(generated);
      // The gateway closes each series' last window once the device has been quiet for the
      // window's size + grace; the bridge then appends it to the file.
      await()
          .atMost(drainPatience)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  Files.exists(outputs)
                      && ReadingsCheck.lastWindowsEmitted(
                          counts, CheckFiles.readOutputs(List.of(outputs)).rollups()));
      LOG.info(
          "Run drained: {} | {} | gateway {} | bridge {}",
          fleet.stats(),
          fleet.faultStats().summary(),
          gateway.stats(),
          bridge.stats());
      return new Run(
          labels,
          generated,
          outputs,
          fleet.stats(),
          fleet.faultStats(),
          gateway.stats(),
          fleet.loadReport());
    }
  }

  /** Exit status and output of a {@code tern sim check} run. */
  record CliRun(int exit, String out) {}

  /** Runs {@code tern sim check} on a run's files with the scenario file's settings. */
  static CliRun check(Path generated, Path labels, Path outputs, Path scenarioFile) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SimCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    int exit =
        cli.execute(
            "check",
            "--generated",
            generated.toString(),
            "--labels",
            labels.toString(),
            "--outputs",
            outputs.toString(),
            "--scenario",
            scenarioFile.toString());
    return new CliRun(exit, out.toString());
  }
}
