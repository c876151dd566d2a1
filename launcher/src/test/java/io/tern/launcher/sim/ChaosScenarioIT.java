package io.tern.launcher.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.sim.check.CheckFiles;
import io.tern.sim.check.CheckReport;
import io.tern.sim.check.Checker;
import io.tern.sim.scenario.DeviceMode;
import io.tern.sim.scenario.FaultKind;
import io.tern.sim.scenario.FaultSpec;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance test of issue 7's second promise: the shipped {@code chaos} scenario (links cut per
 * device and for every device, duplicate publishes, reordered batches, clock skews and jumps,
 * bursts, and real agent processes killed with {@code kill -9}) runs through the real pipeline
 * (gateway with embedded HiveMQ CE → output log → bridge with the NDJSON file sink) and the checker
 * reports no reading lost and none double-counted at the 1 s rollup windows. The simulator's and
 * the gateway's own counters show that the faults really happened.
 *
 * <p>Gateway settings the run needs, set explicitly: 1 s windows, {@code grace} 2 s (a reordered
 * batch held back 3 s and a clock stepping back 4 s arrive after their windows were emitted: they
 * must become revisions, within the default retention of 24 h / 64 windows, which the checker reads
 * as the latest revision), {@code max-event-age} 1 h (an offline backlog and a killed agent's
 * replay arrive seconds late) and {@code max-event-time-ahead} 1 min (skews of +2 s and a jump of
 * +3 s).
 */
@Tag("long") // ./mvnw verify -Plong
class ChaosScenarioIT {

  private static final Logger LOG = LoggerFactory.getLogger(ChaosScenarioIT.class);
  private static final Path CHAOS = Path.of("../devices-sim/scenarios/chaos.yaml");
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void chaosScenario_throughTheRealPipeline_nothingLostNothingDoubled() throws Exception {
    Scenario chaos = ScenarioLoader.load(CHAOS);
    assertThat(chaos.faults().stream().map(FaultSpec::kind).collect(Collectors.toSet()))
        .as("the scenario has every fault kind")
        .isEqualTo(Set.of(FaultKind.values()));
    assertThat(chaos.deviceTypes().stream().map(t -> t.mode()).collect(Collectors.toSet()))
        .isEqualTo(Set.of(DeviceMode.values()));

    ScenarioPipeline.Run run =
        ScenarioPipeline.run(
            chaos,
            dir,
            Map.of("grace", "2s", "max-event-age", "1h", "max-event-time-ahead", "1m"),
            PATIENCE);

    CheckReport report =
        Checker.check(
            CheckFiles.readGenerated(run.generated()),
            CheckFiles.readLabels(run.labels()),
            CheckFiles.readOutputs(List.of(run.outputs())),
            chaos.check(),
            OptionalLong.empty());
    LOG.info("Chaos check:\n{}", report.render());
    assertThat(report.readings().windowMs()).isEqualTo(1_000);
    assertThat(report.readings().series()).hasSize(16); // 8 devices x 2 metrics
    assertThat(report.readings().generated()).isGreaterThan(2_000);
    assertThat(report.readings().counted()).isEqualTo(report.readings().generated());
    assertThat(report.failures()).as(report.render()).isEmpty();
    assertThat(ScenarioPipeline.check(run.generated(), run.labels(), run.outputs(), CHAOS).exit())
        .isZero();

    // The faults happened: counted by the simulator where it carried them out ...
    LOG.info("Faults: {}; gateway: {}", run.faults().summary(), run.gateway());
    assertThat(run.faults().linkCuts()).as("link cuts").isGreaterThanOrEqualTo(4);
    assertThat(run.faults().connectionsRefused()).as("connections refused").isPositive();
    assertThat(run.faults().duplicatesSent()).as("duplicates sent").isPositive();
    assertThat(run.faults().batchesReordered()).as("batches reordered").isPositive();
    assertThat(run.faults().kills()).as("kill -9").isEqualTo(3);
    assertThat(run.faults().restarts()).as("restarts").isEqualTo(3);
    assertThat(run.faults().burstReadings()).as("burst readings").isPositive();
    assertThat(run.faults().shiftedReadings()).as("clock-shifted readings").isPositive();
    // ... and seen by the gateway: duplicates dropped by dedupe, late readings made revisions.
    assertThat(run.gateway().duplicates()).as("duplicates dropped by the gateway").isPositive();
    assertThat(run.gateway().lateReadings()).as("late readings (revisions)").isPositive();
    assertThat(run.gateway().decodeErrors()).isZero();
    assertThat(run.gateway().deadLetters()).isZero();
  }
}
