package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LaneShareTest {
  @Test
  void whileBothLanesHaveData_theBacklogGetsItsShare_andLiveTheRest() {
    LaneShare share = new LaneShare(8, 0.5);
    assertThat(share.backlogQuota()).isEqualTo(4);
    assertThat(share.backlogMaySend(0, 3, true)).isTrue();
    assertThat(share.backlogMaySend(0, 4, true)).isFalse();
    assertThat(share.liveMaySend(3, 4, true)).isTrue();
    assertThat(share.liveMaySend(4, 4, true)).isFalse();
  }

  @Test
  void anIdleLane_leavesTheWholeWindowToTheOther() {
    LaneShare share = new LaneShare(8, 0.25);
    assertThat(share.backlogMaySend(0, 7, false)).isTrue();
    assertThat(share.backlogMaySend(0, 8, false)).isFalse();
    assertThat(share.liveMaySend(7, 0, false)).isTrue();
    assertThat(share.liveMaySend(2, 6, true)).as("window full").isFalse();
  }

  @Test
  void everyLaneGetsAtLeastOneSlot() {
    LaneShare small = new LaneShare(8, 0.01);
    assertThat(small.backlogQuota()).isEqualTo(1);
    assertThat(small.backlogMaySend(6, 0, true)).isTrue();
    assertThat(small.backlogMaySend(6, 1, true)).as("quota used").isFalse();
    assertThat(small.liveMaySend(6, 1, true)).isTrue();

    LaneShare all = new LaneShare(8, 1.0);
    assertThat(all.backlogQuota()).isEqualTo(8);
    assertThat(all.liveMaySend(0, 7, true)).as("live still gets a slot").isTrue();
    assertThat(all.liveMaySend(1, 6, true)).isFalse();

    LaneShare one = new LaneShare(1, 0.5);
    assertThat(one.liveMaySend(0, 0, true)).isTrue();
    assertThat(one.backlogMaySend(0, 0, true)).isTrue();
    assertThat(one.backlogMaySend(1, 0, true)).isFalse();
  }

  @Test
  void shareOutsideZeroToOne_isRefused() {
    assertThatThrownBy(() -> new LaneShare(8, 0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new LaneShare(8, 1.5)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new LaneShare(8, Double.NaN)).hasMessageContaining("(0, 1]");
  }
}
