package io.tern.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.sim.check.CheckSettings;
import io.tern.sim.scenario.DeviceMode;
import io.tern.sim.scenario.DeviceType;
import io.tern.sim.scenario.FaultSpec;
import io.tern.sim.scenario.FaultSpec.Period;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.signal.MetricSpec;
import io.tern.sim.signal.SignalModel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  private static final List<MetricSpec> METRICS =
      List.of(new MetricSpec("v", SignalModel.SINE, 0, 0, Duration.ofMinutes(1), 0, List.of()));

  private static FaultPlan plan(FaultSpec... faults) {
    Scenario scenario =
        new Scenario(
            1,
            Optional.of(Duration.ofMinutes(1)),
            List.of(
                new DeviceType("a", 2, Duration.ofMillis(100), METRICS, DeviceMode.AGENT),
                new DeviceType("d", 1, Duration.ofMillis(100), METRICS, DeviceMode.DIRECT),
                new DeviceType("p", 1, Duration.ofMillis(100), METRICS, DeviceMode.PROCESS)),
            CheckSettings.defaults(),
            List.of(faults));
    return new FaultPlan(scenario);
  }

  private static Period period(long atS, long forS) {
    return new Period(Duration.ofSeconds(atS), Duration.ofSeconds(forS));
  }

  @Test
  void offlineDevices_getTheirOwnLink_cutDuringTheirPeriods_andAllDuringUnreachable() {
    FaultPlan plan =
        plan(
            new FaultSpec.Offline(List.of("a-0001"), period(2, 3)),
            new FaultSpec.GatewayUnreachable(period(10, 1)));

    assertThat(plan.links()).containsExactly(FaultPlan.SHARED_LINK, "a-0001");
    assertThat(plan.linkOf("a-0001")).isEqualTo("a-0001");
    assertThat(plan.linkOf("a-0002")).isEqualTo(FaultPlan.SHARED_LINK);
    assertThat(plan.linkDown("a-0001", 1_999)).isFalse();
    assertThat(plan.linkDown("a-0001", 2_000)).isTrue();
    assertThat(plan.linkDown("a-0001", 4_999)).isTrue();
    assertThat(plan.linkDown("a-0001", 5_000)).isFalse();
    assertThat(plan.linkDown(FaultPlan.SHARED_LINK, 3_000)).isFalse();
    assertThat(plan.linkDown(FaultPlan.SHARED_LINK, 10_500)).isTrue();
    assertThat(plan.linkDown("a-0001", 10_500)).isTrue();
    assertThat(plan.linkDown(FaultPlan.SHARED_LINK, 11_000)).isFalse();
    assertThat(plan.cutsLinks()).isTrue();
  }

  @Test
  void eventTimeOffset_isSkewPlusTheJumpsPassed() {
    FaultPlan plan =
        plan(
            new FaultSpec.ClockSkew(List.of("a"), Duration.ofSeconds(2)),
            new FaultSpec.ClockJump(
                List.of("a-0002"), Duration.ofSeconds(5), Duration.ofSeconds(-4)));

    assertThat(plan.eventTimeOffsetMs("a-0001", 10_000)).isEqualTo(2_000);
    assertThat(plan.eventTimeOffsetMs("a-0002", 4_999)).isEqualTo(2_000);
    assertThat(plan.eventTimeOffsetMs("a-0002", 5_000)).isEqualTo(-2_000);
    assertThat(plan.eventTimeOffsetMs("d-0001", 5_000)).isZero();
    assertThat(plan.cutsLinks()).isFalse();
  }

  @Test
  void burstDuplicatesReorder_inForceInTheirPeriodsOnly() {
    FaultPlan plan =
        plan(
            new FaultSpec.Burst(List.of("d-0001"), period(1, 2), 4),
            new FaultSpec.Duplicates(List.of("d"), Period.ALWAYS, 0.3),
            new FaultSpec.Reorder(List.of("d-0001"), period(5, 1), 0.1, 30));

    assertThat(plan.burstFactor("d-0001", 999)).isEqualTo(1);
    assertThat(plan.burstFactor("d-0001", 1_000)).isEqualTo(4);
    assertThat(plan.burstFactor("d-0001", 3_000)).isEqualTo(1);
    assertThat(plan.duplicateShare("d-0001", 50_000)).isEqualTo(0.3);
    assertThat(plan.duplicateShare("a-0001", 50_000)).isZero();
    assertThat(plan.reordering("d-0001", 5_500)).isEqualTo(new FaultPlan.Reordering(0.1, 30));
    assertThat(plan.reordering("d-0001", 6_000).share()).isZero();
  }

  @Test
  void kills_inTimeOrder_withTheirRestartMoments() {
    FaultPlan plan =
        plan(
            new FaultSpec.Kill(List.of("p"), Duration.ofSeconds(9), Duration.ofSeconds(2)),
            new FaultSpec.Kill(List.of("p-0001"), Duration.ofSeconds(3), Duration.ofSeconds(1)));

    assertThat(plan.kills())
        .containsExactly(
            new FaultPlan.KillAt("p-0001", 3_000, 4_000),
            new FaultPlan.KillAt("p-0001", 9_000, 11_000));
  }
}
