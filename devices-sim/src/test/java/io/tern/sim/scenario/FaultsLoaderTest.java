package io.tern.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.sim.scenario.FaultSpec.Period;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scenario file's {@code mode} and {@code faults} keys. */
class FaultsLoaderTest {

  @TempDir Path dir;

  private static final String DEVICES =
      """
      duration: 30s
      devices:
        - type: pump
          count: 2
          interval: 100ms
          metrics: [{name: v}]
        - type: meter
          mode: direct
          count: 2
          interval: 100ms
          metrics: [{name: w}]
        - type: logger
          mode: process
          count: 1
          interval: 200ms
          metrics: [{name: p}]
      faults:
      """;

  private Scenario load(String faults) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, DEVICES + faults);
    return ScenarioLoader.load(file);
  }

  @Test
  void everyKind_isRead_withModesAndDefaults() throws IOException {
    Scenario scenario =
        load(
            """
              - {kind: offline, devices: [pump-0001], at: 2s, for: 3s}
              - {kind: gateway-unreachable, at: 10s, for: 1s}
              - {kind: duplicates, devices: [meter], share: 0.2}
              - {kind: reorder, devices: [meter-0002], share: 0.1, at: 1s, for: 5s}
              - {kind: clock-skew, devices: [pump, logger], offset: -1500ms}
              - {kind: clock-jump, devices: [pump-0002], at: 5s, step: 2s}
              - {kind: burst, devices: [meter-0001], at: 3s, for: 2s, factor: 4}
              - {kind: kill, devices: [logger-0001], at: 4s}
            """);

    assertThat(scenario.deviceTypes())
        .extracting(DeviceType::mode)
        .containsExactly(DeviceMode.AGENT, DeviceMode.DIRECT, DeviceMode.PROCESS);
    assertThat(scenario.faults())
        .containsExactly(
            new FaultSpec.Offline(
                List.of("pump-0001"), new Period(Duration.ofSeconds(2), Duration.ofSeconds(3))),
            new FaultSpec.GatewayUnreachable(
                new Period(Duration.ofSeconds(10), Duration.ofSeconds(1))),
            new FaultSpec.Duplicates(List.of("meter"), Period.ALWAYS, 0.2),
            new FaultSpec.Reorder(
                List.of("meter-0002"),
                new Period(Duration.ofSeconds(1), Duration.ofSeconds(5)),
                0.1,
                3),
            new FaultSpec.ClockSkew(List.of("pump", "logger"), Duration.ofMillis(-1500)),
            new FaultSpec.ClockJump(
                List.of("pump-0002"), Duration.ofSeconds(5), Duration.ofSeconds(2)),
            new FaultSpec.Burst(
                List.of("meter-0001"), new Period(Duration.ofSeconds(3), Duration.ofSeconds(2)), 4),
            new FaultSpec.Kill(
                List.of("logger-0001"), Duration.ofSeconds(4), Duration.ofSeconds(1)));
    assertThat(scenario.deviceIds(scenario.faults().get(4)))
        .containsExactly("pump-0001", "pump-0002", "logger-0001");
    assertThat(scenario.deviceIds(scenario.faults().get(1))).hasSize(5);
  }

  @Test
  void shippedChaosScenario_hasEveryFaultKindAndMode() {
    Scenario chaos = ScenarioLoader.load(Path.of("scenarios/chaos.yaml"));

    assertThat(chaos.faults()).extracting(FaultSpec::kind).containsAll(List.of(FaultKind.values()));
    assertThat(chaos.deviceTypes())
        .extracting(DeviceType::mode)
        .containsAll(List.of(DeviceMode.values()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown kind    | '{kind: flood}'"
            + " | faults[0].kind: unknown value 'flood' (expected one of offline,",
        "missing period  | '{kind: offline, devices: [pump]}' | faults[0].at: missing",
        "key of another  | '{kind: offline, devices: [pump], at: 1s, for: 1s, share: 1}'"
            + " | faults[0].share: unknown key (expected one of kind, devices, at, for)",
        "no devices      | '{kind: burst, devices: [], at: 1s, for: 1s, factor: 2}'"
            + " | faults[0]: devices must name at least one device or type",
        "unknown device  | '{kind: offline, devices: [pump-0009], at: 1s, for: 1s}'"
            + " | faults[0].devices[0]: no device type or device 'pump-0009'",
        "wrong mode      | '{kind: duplicates, devices: [pump], share: 0.5}'"
            + " | faults[0].devices[0]: duplicates needs devices of mode direct; 'pump' is of"
            + " mode agent",
        "kill an agent   | '{kind: kill, devices: [meter-0001], at: 1s}'"
            + " | faults[0].devices[0]: kill needs devices of mode process",
        "after the end   | '{kind: gateway-unreachable, at: 29s, for: 2s}'"
            + " | faults[0]: acts until 31000 ms, after the end of the run (30000 ms)",
        "share too big   | '{kind: reorder, devices: [meter], share: 2}'"
            + " | faults[0]: share must be in (0, 1], was 2.0",
        "small factor    | '{kind: burst, devices: [pump], at: 1s, for: 1s, factor: 1}'"
            + " | faults[0]: factor must be >= 2, was 1",
        "unsigned offset | '{kind: clock-skew, devices: [pump], offset: soon}'"
            + " | faults[0].offset: 'soon' is not a signed duration",
        "zero step       | '{kind: clock-jump, devices: [pump], at: 1s, step: 0s}'"
            + " | faults[0]: step must not be 0",
      })
  void badFault_isOneLineNamingTheKey(String why, String fault, String message) {
    assertThatThrownBy(() -> load("  - " + fault + "\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("s.yaml: " + message);
  }

  @Test
  void overrideThatRemovesAFaultsDevice_isRefused() throws IOException {
    Scenario scenario = load("  - {kind: offline, devices: [pump-0002], at: 1s, for: 1s}\n");

    assertThatThrownBy(() -> scenario.withDevicesPerType(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("faults[0].devices[0]: no device type or device 'pump-0002'");
    assertThatThrownBy(() -> scenario.withDuration(Duration.ofMillis(1500)))
        .hasMessageStartingWith("faults[0]: acts until 2000 ms");
  }
}
