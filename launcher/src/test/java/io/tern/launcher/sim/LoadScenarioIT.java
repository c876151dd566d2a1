package io.tern.launcher.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.sim.check.CheckFiles;
import io.tern.sim.check.CheckReport;
import io.tern.sim.check.CheckSettings;
import io.tern.sim.check.Checker;
import io.tern.sim.fleet.LoadReport;
import io.tern.sim.scenario.DeviceMode;
import io.tern.sim.scenario.DeviceType;
import io.tern.sim.scenario.FaultSpec;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load mode (a scenario's {@code load} block: direct devices on one shared event loop) through
 * the real pipeline in this JVM: the shipped {@code load-10k} scenario cut down to 200 devices and
 * 10 s, then a few devices with the faults a load device must survive (a cut link: reconnect and
 * publish again; duplicate publishes). Nothing may be lost or counted twice, and every batch's
 * PUBACK latency must be measured.
 */
@Tag("long") // ./mvnw verify -Plong
class LoadScenarioIT {

  private static final Logger LOG = LoggerFactory.getLogger(LoadScenarioIT.class);
  private static final Path LOAD_10K = Path.of("../devices-sim/scenarios/load-10k.yaml");
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void loadScenario_200Devices_allConnect_everyReadingOnce_latencyMeasured() throws Exception {
    Scenario scenario =
        ScenarioLoader.load(LOAD_10K).withDevicesPerType(200).withDuration(Duration.ofSeconds(10));

    ScenarioPipeline.Run run = ScenarioPipeline.run(scenario, dir, Map.of(), PATIENCE);

    CheckReport report = check(run, scenario);
    assertThat(report.readings().series()).hasSize(200 * 5);
    // Every 5 s, each device first within the first 5 s (the devices are spread over it).
    assertThat(report.readings().generated()).isBetween(200 * 5 * 2L, 200 * 5 * 3L);
    assertThat(run.fleet().devicesConnected()).isEqualTo(200);
    assertThat(run.gateway().devices()).isEqualTo(200);
    LoadReport load = run.load().orElseThrow();
    LOG.info("{}", load.wholeSummary());
    assertThat(load.readingsAcked()).isEqualTo(report.readings().generated());
    assertThat(load.whole().latency().batches() * 5)
        .as("one PUBACK latency per batch of 5 readings")
        .isEqualTo(load.readingsAcked());
    assertThat(load.whole().latency().p50Ms()).isPositive();
    assertThat(load.whole().latency().maxMs())
        .isGreaterThanOrEqualTo(load.whole().latency().p99Ms());
    assertThat(load.refusals()).isZero();
  }

  @Test
  void loadDevices_reconnectAfterACutLink_andTheirDuplicatesAreDropped() throws Exception {
    DeviceType shipped = ScenarioLoader.load(LOAD_10K).deviceTypes().get(0);
    DeviceType meters =
        new DeviceType("meter", 4, Duration.ofMillis(100), shipped.metrics(), DeviceMode.DIRECT);
    Scenario scenario =
        new Scenario(
            3,
            Optional.of(Duration.ofSeconds(8)),
            List.of(meters),
            CheckSettings.defaults(),
            List.of(
                new FaultSpec.Offline(
                    List.of("meter-0001"),
                    new FaultSpec.Period(Duration.ofSeconds(2), Duration.ofSeconds(3))),
                new FaultSpec.Duplicates(List.of("meter"), FaultSpec.Period.ALWAYS, 0.2)),
            ScenarioLoader.load(LOAD_10K).load());

    ScenarioPipeline.Run run = ScenarioPipeline.run(scenario, dir, Map.of(), PATIENCE);

    CheckReport report = check(run, scenario);
    assertThat(report.readings().generated()).isGreaterThan(4 * 5 * 60);
    assertThat(run.faults().linkCuts()).as("link cuts").isPositive();
    assertThat(run.faults().duplicatesSent()).as("duplicates sent").isPositive();
    assertThat(run.gateway().duplicates()).as("duplicates dropped by the gateway").isPositive();
    assertThat(run.load().orElseThrow().readingsAcked()).isEqualTo(report.readings().generated());
  }

  private static CheckReport check(ScenarioPipeline.Run run, Scenario scenario) throws Exception {
    CheckReport report =
        Checker.check(
            CheckFiles.readGenerated(run.generated()),
            CheckFiles.readLabels(run.labels()),
            CheckFiles.readOutputs(List.of(run.outputs())),
            scenario.check(),
            OptionalLong.empty());
    LOG.info("Load check:\n{}\nfleet {} | gateway {}", report.render(), run.fleet(), run.gateway());
    assertThat(report.readings().counted()).isEqualTo(report.readings().generated());
    assertThat(report.failures()).as(report.render()).isEmpty();
    assertThat(run.gateway().decodeErrors()).isZero();
    assertThat(run.gateway().deadLetters()).isZero();
    return report;
  }
}
