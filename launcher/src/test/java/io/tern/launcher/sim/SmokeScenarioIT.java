package io.tern.launcher.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.sim.check.CheckFiles;
import io.tern.sim.check.CheckReport;
import io.tern.sim.check.Checker;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance test of issue 7's first promise: the shipped {@code smoke} scenario runs through the
 * real pipeline, in this JVM (simulated devices → real edge agents → gateway with embedded HiveMQ
 * CE → output log → cloud bridge with the NDJSON file sink), and its checker passes: no reading
 * lost or double-counted at the finest rollup window, and the scenario's recall thresholds met.
 * Then the checker is shown able to fail: in a copy of the bridge's file one rollup line is deleted
 * and another repeated, and {@code tern sim check} must report exactly their counts.
 */
class SmokeScenarioIT {

  private static final Logger LOG = LoggerFactory.getLogger(SmokeScenarioIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SMOKE = Path.of("../devices-sim/scenarios/smoke.yaml");
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void smokeScenario_throughTheRealPipeline_checkerPasses_andCatchesEditedOutputs()
      throws Exception {
    Scenario smoke = ScenarioLoader.load(SMOKE);
    ScenarioPipeline.Run run = ScenarioPipeline.run(smoke, dir, Map.of(), PATIENCE);
    Path labels = run.labels();
    Path generated = run.generated();
    Path outputs = run.outputs();

    CheckReport report =
        Checker.check(
            CheckFiles.readGenerated(generated),
            CheckFiles.readLabels(labels),
            CheckFiles.readOutputs(List.of(outputs)),
            smoke.check(),
            OptionalLong.empty());
    LOG.info("Smoke check:\n{}", report.render());
    assertThat(report.readings().windowMs()).isEqualTo(1_000);
    assertThat(report.readings().series()).hasSize(6); // 2 thermostats x 2 + 1 pump x 2
    assertThat(report.readings().generated()).isGreaterThan(500);
    assertThat(report.readings().counted()).isEqualTo(report.readings().generated());
    assertThat(report.alerts().kinds()).isNotEmpty();
    assertThat(report.failures()).as(report.render()).isEmpty();
    assertThat(ScenarioPipeline.check(generated, labels, outputs, SMOKE).exit()).isZero();

    Path edited = dir.resolve("edited.ndjson");
    Edit edit = deleteOneRollupAndRepeatAnother(outputs, edited);
    ScenarioPipeline.CliRun failed = ScenarioPipeline.check(generated, labels, edited, SMOKE);
    LOG.info("Check of the edited copy ({}):\n{}", edit, failed.out());
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.out())
        .contains(
            "FAIL: "
                + edit.deletedCount()
                + " readings lost; "
                + edit.repeatedCount()
                + " readings double-counted");
  }

  /** Which rollup lines were edited in the copy, and their counts. */
  private record Edit(String deletedId, long deletedCount, String repeatedId, long repeatedCount) {}

  /**
   * Copies the bridge's file, leaving out one 1 s rollup line and writing another one twice; both
   * are the only line of their window (no later revision) and have a positive count, so the checker
   * must see exactly their counts as lost and doubled.
   */
  private static Edit deleteOneRollupAndRepeatAnother(Path source, Path target) throws IOException {
    List<String> lines = Files.readAllLines(source);
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : lines) {
      parsed.add(JSON.readTree(line));
    }
    Map<String, Long> linesPerId =
        parsed.stream()
            .filter(n -> n.get("type").asText().equals("rollup"))
            .collect(Collectors.groupingBy(n -> n.get("id").asText(), Collectors.counting()));
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      JsonNode n = parsed.get(i);
      if (n.get("type").asText().equals("rollup")
          && n.get("windowMs").asLong() == 1_000
          && n.get("count").asLong() > 0
          && linesPerId.get(n.get("id").asText()) == 1) {
        candidates.add(i);
      }
    }
    assertThat(candidates).as("rollup lines that can be edited").hasSizeGreaterThan(10);
    int deleted = candidates.get(candidates.size() / 3);
    int repeated = candidates.get(2 * candidates.size() / 3);
    List<String> copy = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (i != deleted) {
        copy.add(lines.get(i));
      }
      if (i == repeated) {
        copy.add(lines.get(i));
      }
    }
    Files.write(target, copy);
    Function<Integer, String> id = i -> parsed.get(i).get("id").asText();
    Function<Integer, Long> count = i -> parsed.get(i).get("count").asLong();
    return new Edit(
        id.apply(deleted), count.apply(deleted), id.apply(repeated), count.apply(repeated));
  }
}
