package io.tern.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeviceTrackerTest {
  private final DeviceTracker tracker = new DeviceTracker(3);

  @Test
  void batchProcessed_countsAcceptedAndDuplicates_andKeepsLastSeenAndWatermark() {
    tracker.batchProcessed("d", 10, OptionalLong.of(5_000), 100);
    tracker.dropped();
    tracker.dropped();
    tracker.batchProcessed("d", 4, OptionalLong.of(9_000), 200);

    assertThat(tracker.get("d")).hasValue(new DeviceActivity("d", 200L, 9_000L, 12, 2, 0));
  }

  @Test
  void duplicatesOfOneBatch_doNotLeakIntoTheNext() {
    tracker.dropped();
    tracker.batchProcessed("a", 1, OptionalLong.empty(), 1);
    tracker.batchProcessed("b", 5, OptionalLong.of(7), 2);

    assertThat(tracker.get("a").orElseThrow().duplicates()).isEqualTo(1);
    assertThat(tracker.get("a").orElseThrow().watermarkMs()).isNull();
    assertThat(tracker.get("b").orElseThrow().duplicates()).isZero();
    assertThat(tracker.get("b").orElseThrow().readingsAccepted()).isEqualTo(5);
  }

  @Test
  void batchFailed_discardsWhatWasCountedOfIt() {
    tracker.dropped();
    tracker.batchFailed();
    tracker.batchProcessed("a", 3, OptionalLong.of(1), 1);

    assertThat(tracker.get("a").orElseThrow().duplicates()).isZero();
  }

  @Test
  void deadLetters_areMergedIntoTheDevice_andListedForDevicesWithOnlyBadData() {
    tracker.batchProcessed("good", 2, OptionalLong.of(1), 1);
    tracker.deadLetters("good", 1);
    tracker.deadLetters("bad", 2);
    tracker.deadLetters("bad", 1);

    assertThat(tracker.list())
        .containsExactly(
            new DeviceActivity("bad", null, null, 0, 0, 3),
            new DeviceActivity("good", 1L, 1L, 2, 0, 1));
    assertThat(tracker.get("nobody")).isEmpty();
  }

  @Test
  void bound_forgetsTheLeastRecentlySeenDevice() {
    tracker.batchProcessed("a", 1, OptionalLong.of(1), 1);
    tracker.batchProcessed("b", 1, OptionalLong.of(1), 2);
    tracker.batchProcessed("c", 1, OptionalLong.of(1), 3);
    tracker.batchProcessed("a", 1, OptionalLong.of(1), 4); // a is recent again
    tracker.batchProcessed("d", 1, OptionalLong.of(1), 5);

    assertThat(tracker.list()).extracting(DeviceActivity::deviceId).containsExactly("a", "c", "d");
    assertThat(tracker.forgotten()).isEqualTo(1);
  }

  @Test
  void deadLettersBeyondTheBound_areCountedAsUntracked() {
    for (String device : new String[] {"a", "b", "c"}) {
      tracker.deadLetters(device, 1);
    }
    tracker.deadLetters("d", 5);
    tracker.deadLetters("a", 1);

    assertThat(tracker.untrackedDeadLetters()).isEqualTo(5);
    assertThat(tracker.get("d")).isEmpty();
    assertThat(tracker.get("a").orElseThrow().deadLetters()).isEqualTo(2);
  }

  @Test
  void maxDevices_mustBePositive() {
    assertThatThrownBy(() -> new DeviceTracker(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
