package io.tern.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.sim.check.CheckSettings;
import io.tern.sim.signal.AnomalyKind;
import io.tern.sim.signal.AnomalySpec;
import io.tern.sim.signal.MetricSpec;
import io.tern.sim.signal.SignalModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioLoaderTest {

  @TempDir Path dir;

  private static final String GOOD =
      """
      seed: 9
      duration: 90s
      devices:
        - type: pump
          count: 2
          interval: 250ms
          metrics:
            - name: vibration
              model: random-walk
              baseline: 2.5
              amplitude: 1
              noise: 0.1
              anomalies:
                - kind: level-shift
                  rate-per-hour: 4
                  magnitude: -1.5
                  duration: 2m
            - name: temp
              model: daily
      """;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void goodFile_isParsedWithDefaults() throws IOException {
    Scenario scenario = ScenarioLoader.load(write(GOOD));

    assertThat(scenario.seed()).isEqualTo(9);
    assertThat(scenario.duration()).contains(Duration.ofSeconds(90));
    DeviceType pump = scenario.deviceTypes().get(0);
    assertThat(pump.name()).isEqualTo("pump");
    assertThat(pump.count()).isEqualTo(2);
    assertThat(pump.sampleInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(pump.deviceId(0)).isEqualTo("pump-0001");
    assertThat(pump.metrics().get(0).anomalies())
        .containsExactly(
            new AnomalySpec(
                AnomalyKind.LEVEL_SHIFT,
                new AnomalySpec.Frequency.PerHour(4),
                -1.5,
                Duration.ofMinutes(2)));
    MetricSpec temp = pump.metrics().get(1);
    assertThat(temp.model()).isEqualTo(SignalModel.DAILY);
    assertThat(temp.period()).isEqualTo(Duration.ofDays(1));
    assertThat(temp.anomalies()).isEmpty();
  }

  @Test
  void shippedScenarios_load() {
    Scenario smoke = ScenarioLoader.load(Path.of("scenarios/smoke.yaml"));
    Scenario demo = ScenarioLoader.load(Path.of("scenarios/demo.yaml"));

    assertThat(smoke.totalDevices()).isEqualTo(3);
    assertThat(smoke.deviceTypes())
        .flatExtracting(DeviceType::metrics)
        .flatExtracting(MetricSpec::anomalies)
        .extracting(AnomalySpec::kind)
        .containsExactlyInAnyOrder(AnomalyKind.values());
    assertThat(demo.duration()).isEqualTo(Optional.empty());
    assertThat(smoke.load()).isEmpty();
  }

  @Test
  void shippedLoadScenario_hasTenThousandDirectDevicesOnSharedLinks() {
    Scenario load = ScenarioLoader.load(Path.of("scenarios/load-10k.yaml"));

    assertThat(load.totalDevices()).isEqualTo(10_000);
    assertThat(load.deviceTypes()).extracting(DeviceType::mode).containsOnly(DeviceMode.DIRECT);
    assertThat(load.load()).contains(new LoadSettings(500, 4));
    assertThat(load.faults()).isEmpty();
  }

  @Test
  void loadKey_setsConnectRateAndWindow_emptyMeansDefaults_overridesKeepIt() throws IOException {
    Scenario tuned = ScenarioLoader.load(write(GOOD + "load: {connect-rate: 50, window: 2}\n"));
    Scenario defaults = ScenarioLoader.load(write(GOOD + "load: {}\n"));

    assertThat(tuned.load()).contains(new LoadSettings(50, 2));
    assertThat(defaults.load()).contains(LoadSettings.defaults());
    assertThat(tuned.withDevicesPerType(3).withDuration(Duration.ofSeconds(1)).load())
        .isEqualTo(tuned.load());
  }

  @Test
  void checkKey_setsMinRecallPerKindAndTolerance_absentMeansDefaults() throws IOException {
    Scenario withCheck =
        ScenarioLoader.load(
            write(GOOD + "check:\n  min-recall: {spike: 0.5, level-shift: 1}\n  tolerance: 2s\n"));

    assertThat(withCheck.check())
        .isEqualTo(
            new CheckSettings(
                Map.of(AnomalyKind.SPIKE, 0.5, AnomalyKind.LEVEL_SHIFT, 1.0),
                Duration.ofSeconds(2)));
    assertThat(withCheck.withDuration(Duration.ofSeconds(1)).check()).isEqualTo(withCheck.check());
    assertThat(ScenarioLoader.load(write(GOOD)).check()).isEqualTo(CheckSettings.defaults());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown kind   | check | 'min-recall: {spikes: 0.5}' | check.min-recall.spikes: unknown key",
        "above one      | check | 'min-recall: {dip: 1.5}'    | check: min-recall of dip must be in",
        "bad tolerance  | check | 'tolerance: soon'           | check.tolerance: 'soon' is not a",
        "zero rate      | load  | 'connect-rate: 0'          | load: connect-rate must be >= 1, was 0",
        "zero window    | load  | 'window: 0'                | load: window must be >= 1, was 0",
        "unknown key    | load  | 'rate: 5'                  | load.rate: unknown key",
        "text window    | load  | 'window: many'             | load.window: expected an integer",
      })
  void badCheckOrLoadKey_namesThePath(String why, String key, String entry, String message)
      throws IOException {
    Path file = write(GOOD + key + ":\n  " + entry + "\n");

    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .hasMessageStartingWith(file + ": " + message);
  }

  @Test
  void overrides_replaceCountPerTypeAndDuration() throws IOException {
    Scenario scenario =
        ScenarioLoader.load(write(GOOD)).withDevicesPerType(5).withDuration(Duration.ofSeconds(3));

    assertThat(scenario.totalDevices()).isEqualTo(5);
    assertThat(scenario.duration()).contains(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown key       | 'interval: 250ms' | 'interval: 250ms\n    colour: red'"
            + " | devices[0].colour: unknown key",
        "bad duration      | 'interval: 250ms' | 'interval: fast'"
            + " | devices[0].interval: 'fast' is not a duration",
        "negative count    | 'count: 2'        | 'count: -1'"
            + " | devices[0].count: must be >= 0, was -1",
        "unknown model     | 'random-walk'     | 'brownian'"
            + " | devices[0].metrics[0].model: unknown value 'brownian' (expected one of sine,",
        "unknown kind      | 'level-shift'     | 'shift'"
            + " | devices[0].metrics[0].anomalies[0].kind: unknown value 'shift'",
        "rate and prob     | 'rate-per-hour: 4' | 'rate-per-hour: 4\n            probability: 0.1'"
            + " | devices[0].metrics[0].anomalies[0]: give exactly one of",
        "no duration       | 'duration: 2m'    | 'duration: 0s'"
            + " | devices[0].metrics[0].anomalies[0]: level-shift needs a positive duration",
        "negative noise    | 'noise: 0.1'      | 'noise: -0.1'"
            + " | devices[0].metrics[0].noise: must be >= 0",
        "text count        | 'count: 2'        | 'count: two'"
            + " | devices[0].count: expected an integer, got 'two'",
        "missing type      | '- type: pump'    | '- tipe: pump'"
            + " | devices[0].tipe: unknown key",
      })
  void badFile_namesFileAndKeyPath(String why, String from, String to, String message)
      throws IOException {
    String yaml = GOOD.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertThat(yaml).as("test edit applies").isNotEqualTo(GOOD);
    Path file = write(yaml);

    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(file + ": " + message);
  }

  @Test
  void missingDevices_invalidYaml_missingFile_areOneLineErrors() throws IOException {
    Path noDevices = write("seed: 1\n");
    assertThatThrownBy(() -> ScenarioLoader.load(noDevices))
        .hasMessage(noDevices + ": devices: missing");

    Path broken = write("devices: [\n");
    assertThatThrownBy(() -> ScenarioLoader.load(broken))
        .hasMessageStartingWith(broken + ": not valid YAML");

    Path absent = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> ScenarioLoader.load(absent))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(absent + ": cannot read");
  }
}
