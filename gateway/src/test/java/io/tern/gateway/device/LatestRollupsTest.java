package io.tern.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.model.Rollup;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestRollupsTest {
  private final LatestRollups latest = new LatestRollups(2);

  private static Rollup rollup(String device, String metric, long start, long size, int revision) {
    return new Rollup(device, metric, start, size, 1, 1, 1, 1, 1, 1, List.of(), revision);
  }

  @Test
  void keepsTheLatestWindowPerDeviceMetricAndSize() {
    latest.update(rollup("d", "t", 0, 10_000, 0));
    latest.update(rollup("d", "t", 10_000, 10_000, 0));
    latest.update(rollup("d", "t", 0, 60_000, 0));
    latest.update(rollup("d", "h", 0, 10_000, 0));

    assertThat(latest.latest("d", null))
        .containsExactly(
            rollup("d", "h", 0, 10_000, 0),
            rollup("d", "t", 10_000, 10_000, 0),
            rollup("d", "t", 0, 60_000, 0));
  }

  @Test
  void revisionOfTheLatestWindowReplacesIt_butARevisionOfAnOlderWindowDoesNot() {
    latest.update(rollup("d", "t", 10_000, 10_000, 0));
    latest.update(rollup("d", "t", 0, 10_000, 1));
    assertThat(latest.latest("d", "t")).containsExactly(rollup("d", "t", 10_000, 10_000, 0));

    latest.update(rollup("d", "t", 10_000, 10_000, 1));
    assertThat(latest.latest("d", "t")).containsExactly(rollup("d", "t", 10_000, 10_000, 1));
  }

  @Test
  void filters_byDeviceAndMetric_nullMeansAll() {
    latest.update(rollup("a", "t", 0, 10_000, 0));
    latest.update(rollup("b", "t", 0, 10_000, 0));
    latest.update(rollup("b", "h", 0, 10_000, 0));

    assertThat(latest.latest(null, "t")).extracting(Rollup::deviceId).containsExactly("a", "b");
    assertThat(latest.latest(null, null)).hasSize(3);
    assertThat(latest.latest("zz", null)).isEmpty();
  }

  @Test
  void bound_forgetsTheDeviceWithTheOldestUpdate() {
    latest.update(rollup("a", "t", 0, 10_000, 0));
    latest.update(rollup("b", "t", 0, 10_000, 0));
    latest.update(rollup("a", "t", 10_000, 10_000, 0));
    latest.update(rollup("c", "t", 0, 10_000, 0));

    assertThat(latest.latest(null, null)).extracting(Rollup::deviceId).containsExactly("a", "c");
  }

  @Test
  void seriesBeyondThePerDeviceBound_areSkippedAndCounted() {
    for (int i = 0; i < LatestRollups.MAX_SERIES_PER_DEVICE; i++) {
      latest.update(rollup("d", "m" + i, 0, 10_000, 0));
    }
    latest.update(rollup("d", "extra", 0, 10_000, 0));
    latest.update(rollup("d", "m0", 10_000, 10_000, 0)); // known series still update

    assertThat(latest.latest("d", "extra")).isEmpty();
    assertThat(latest.latest("d", "m0")).containsExactly(rollup("d", "m0", 10_000, 10_000, 0));
    assertThat(latest.skipped()).isEqualTo(1);
  }
}
