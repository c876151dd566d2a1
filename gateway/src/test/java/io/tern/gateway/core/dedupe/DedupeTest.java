package io.tern.gateway.core.dedupe;

import static io.tern.gateway.core.dedupe.DedupeVerdict.BEYOND_WINDOW;
import static io.tern.gateway.core.dedupe.DedupeVerdict.DUPLICATE;
import static io.tern.gateway.core.dedupe.DedupeVerdict.FRESH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.core.model.Reading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DedupeTest {
  private final List<String> evicted = new ArrayList<>();
  private final Dedupe dedupe =
      new Dedupe(new DedupeSettings(64, 2), (device, epoch) -> evicted.add(device + "/" + epoch));

  @Test
  void duplicates_areRecognised_eachSeqOnceFresh() {
    assertThat(check("d", 1, 0, 1, 2, 1, 2, 3, 0))
        .containsExactly(FRESH, FRESH, FRESH, DUPLICATE, DUPLICATE, FRESH, DUPLICATE);
  }

  @Test
  void reorderWithinTheWindow_isExact() {
    assertThat(check("d", 1, 100, 90, 37, 95, 90, 37, 99, 100))
        .containsExactly(FRESH, FRESH, FRESH, FRESH, DUPLICATE, DUPLICATE, FRESH, DUPLICATE);
  }

  @Test
  void seqOlderThanTheWindow_isBeyondWindow_neverFresh() {
    check("d", 1, 200);
    assertThat(check("d", 1, 137, 136, 0)).containsExactly(FRESH, BEYOND_WINDOW, BEYOND_WINDOW);
    assertThat(check("d", 1, 137)).containsExactly(DUPLICATE);
  }

  @Test
  void bigJumpForward_forgetsOnlyWhatLeftTheWindow() {
    check("d", 1, 5, 6);
    assertThat(check("d", 1, 1_000_000, 999_999, 6)).containsExactly(FRESH, FRESH, BEYOND_WINDOW);
    assertThat(check("d", 1, 1_000_000 - 64, 1_000_000 - 63)).containsExactly(BEYOND_WINDOW, FRESH);
  }

  @Test
  void ringSlotsAreReused_afterTheHighWaterMarkMoves() {
    check("d", 1, 0, 1, 2);
    // seq 64 lands in seq 0's slot; seq 65 in seq 1's: they must be fresh, 0 and 1 beyond window
    assertThat(check("d", 1, 64, 65, 0, 1, 2, 66))
        .containsExactly(FRESH, FRESH, BEYOND_WINDOW, BEYOND_WINDOW, DUPLICATE, FRESH);
  }

  @Test
  void newStreamEpoch_restartsSeqs_andOtherDevicesAreIndependent() {
    check("d", 1, 0, 1, 2);

    assertThat(check("d", 2, 0, 1)).containsExactly(FRESH, FRESH);
    assertThat(check("e", 1, 0, 1)).containsExactly(FRESH, FRESH);
    assertThat(check("d", 1, 2)).containsExactly(DUPLICATE);
  }

  @Test
  void streamsPerDevice_areBounded_leastRecentlyUsedIsEvictedAndReported() {
    check("d", 1, 0);
    check("d", 2, 0);
    check("d", 1, 1); // stream 1 is now the most recently used

    check("d", 3, 0);

    assertThat(evicted).containsExactly("d/2");
    assertThat(check("d", 1, 0)).containsExactly(DUPLICATE);
    assertThat(check("d", 2, 0)).as("forgotten").containsExactly(FRESH);
  }

  @Test
  void snapshot_roundTrips_andTheRestoredDedupeDecidesTheSame() {
    check("a", 7, 10, 3, 5, 70);
    check("b", 1, 0, 2);
    DedupeSnapshot snapshot = dedupe.snapshot();

    Dedupe restored = Dedupe.restore(new DedupeSettings(64, 2), (d, e) -> {}, snapshot);

    assertThat(restored.snapshot()).isEqualTo(snapshot);
    for (long seq : new long[] {5, 6, 10, 11, 69, 70, 71, 3}) {
      Reading a = reading("a", 7, seq);
      assertThat(restored.check(a)).as("seq " + seq).isEqualTo(dedupe.check(a));
    }
    assertThat(restored.check(reading("b", 1, 1))).isEqualTo(FRESH);
    assertThat(restored.check(reading("b", 1, 2))).isEqualTo(DUPLICATE);
  }

  @Test
  void snapshot_ofAnotherWindowSize_isRefused() {
    DedupeSnapshot snapshot = dedupe.snapshot();

    assertThatThrownBy(() -> Dedupe.restore(new DedupeSettings(128, 2), (d, e) -> {}, snapshot))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
  }

  @Test
  void settings_rejectWindowsThatAreNotPowersOfTwo() {
    assertThatThrownBy(() -> new DedupeSettings(100, 1))
        .hasMessage("dedupe window must be a power of two >= 64, was 100");
  }

  private List<DedupeVerdict> check(String device, long epoch, long... seqs) {
    List<DedupeVerdict> verdicts = new ArrayList<>();
    for (long seq : seqs) {
      verdicts.add(dedupe.check(reading(device, epoch, seq)));
    }
    return verdicts;
  }

  private static Reading reading(String device, long epoch, long seq) {
    return new Reading(device, epoch, seq, "t", 1.0, 1_700_000_000_000L + seq);
  }
}
