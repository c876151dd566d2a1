package io.tern.gateway.core.dedupe;

import static io.tern.gateway.core.dedupe.DedupeVerdict.BEYOND_WINDOW;
import static io.tern.gateway.core.dedupe.DedupeVerdict.DUPLICATE;
import static io.tern.gateway.core.dedupe.DedupeVerdict.FRESH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.core.model.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DedupeTest {
  private final List<String> evicted = new ArrayList<>();
  private final Dedupe dedupe =
      new Dedupe(new DedupeSettings(3, 2), (device, epoch) -> evicted.add(device + "/" + epoch));

  @Test
  void duplicates_areRecognised_eachSeqOnceFresh() {
    assertThat(check("d", 1, 0, 1, 2, 1, 2, 3, 0))
        .containsExactly(FRESH, FRESH, FRESH, DUPLICATE, DUPLICATE, FRESH, DUPLICATE);
  }

  @Test
  void seqsAnyDistanceBelowTheGreatest_areExact() {
    assertThat(check("d", 1, 1_000_000, 5, 999_999, 6, 5, 1_000_000, 4, 0))
        .containsExactly(FRESH, FRESH, FRESH, FRESH, DUPLICATE, DUPLICATE, FRESH, FRESH);
    assertThat(ranges("d", 1)).containsExactly(range(0, 0), range(4, 6), range(999_999, 1_000_000));
  }

  @Test
  void adjacentRanges_merge_whenTheHoleBetweenThemFills() {
    check("d", 1, 1, 2, 4, 5, 7);
    assertThat(ranges("d", 1)).containsExactly(range(1, 2), range(4, 5), range(7, 7));

    assertThat(check("d", 1, 3, 6)).containsExactly(FRESH, FRESH);

    assertThat(ranges("d", 1)).containsExactly(range(1, 7));
    assertThat(check("d", 1, 1, 2, 3, 4, 5, 6, 7)).containsOnly(DUPLICATE);
  }

  /** Issue 3's "live data first": live seqs are sent first, the backlog drains on its own lane. */
  @Test
  void backlogDrainedBesideLiveReadings_isExact_inTwoRanges() {
    Dedupe lanes = new Dedupe(DedupeSettings.defaults(), (d, e) -> {});
    int before = 1_000; // seen before the outage
    int backlog = 200_000; // seqs written during the outage
    int end = backlog + 50_000; // live seqs after it
    Random random = new Random(42);
    for (long seq = 1; seq <= before; seq++) {
      assertThat(lanes.check(reading("d", 9, seq))).isEqualTo(FRESH);
    }
    long nextLive = backlog + 1;
    long nextBacklog = before + 1;
    long fresh = 0;
    long duplicates = 0;
    long redelivered = 0;
    while (nextLive <= end || nextBacklog <= backlog) {
      boolean live = nextLive <= end && (nextBacklog > backlog || random.nextInt(3) == 0);
      long from = live ? nextLive : nextBacklog;
      long to = Math.min(from + random.nextInt(live ? 50 : 500), live ? end : backlog);
      int deliveries = random.nextInt(10) == 0 ? 2 : 1; // a second one is a QoS 1 redelivery
      redelivered += (deliveries - 1) * (to - from + 1);
      for (int delivery = 0; delivery < deliveries; delivery++) {
        for (long seq = from; seq <= to; seq++) {
          switch (lanes.check(reading("d", 9, seq))) {
            case FRESH -> fresh++;
            case DUPLICATE -> duplicates++;
            case BEYOND_WINDOW -> throw new AssertionError("seq " + seq + " beyond the window");
          }
        }
        if (delivery == 0) {
          assertThat(lanes.snapshot().streams().get(0).seen()).hasSizeLessThanOrEqualTo(2);
        }
      }
      if (live) {
        nextLive = to + 1;
      } else {
        nextBacklog = to + 1;
      }
    }

    assertThat(fresh).isEqualTo(end - before);
    assertThat(duplicates).isEqualTo(redelivered).isPositive();
    assertThat(lanes.snapshot().streams().get(0).seen()).containsExactly(range(1, end));
    assertThat(lanes.snapshot().streams().get(0).unknown()).isEmpty();
    for (long seq = 1; seq <= end; seq++) { // the whole stream replayed
      assertThat(lanes.check(reading("d", 9, seq))).isEqualTo(DUPLICATE);
    }
  }

  @Test
  void overTheCap_theLowestTwoRangesMerge_andOnlyTheHoleBetweenThemIsBeyondTheWindow() {
    check("d", 1, 10, 20, 30);
    assertThat(ranges("d", 1)).hasSize(3);

    assertThat(check("d", 1, 40)).containsExactly(FRESH);

    assertThat(ranges("d", 1)).containsExactly(range(10, 20), range(30, 30), range(40, 40));
    assertThat(unknown("d", 1)).contains(range(11, 19));
    assertThat(check("d", 1, 11, 15, 19, 10, 20, 9, 21))
        .containsExactly(
            BEYOND_WINDOW, BEYOND_WINDOW, BEYOND_WINDOW, DUPLICATE, DUPLICATE, FRESH, FRESH);
    assertThat(ranges("d", 1)).containsExactly(range(9, 21), range(30, 30), range(40, 40));
  }

  @Test
  void atTheCap_everyNewRangeMergesTheLowestAgain() {
    check("d", 1, 10, 20, 30, 40); // [10, 20] with 11..19 unknown, [30], [40]

    assertThat(check("d", 1, 25, 22)).containsExactly(FRESH, BEYOND_WINDOW);

    assertThat(ranges("d", 1)).containsExactly(range(10, 25), range(30, 30), range(40, 40));
    assertThat(unknown("d", 1)).contains(range(11, 24));
  }

  @Test
  void rangesOpenedBelowTheUnknownSeqs_mergeUpToThem_keepingThemOneInterval() {
    check("d", 1, 10, 20, 30, 40); // [10, 20] with 11..19 unknown, [30], [40]
    dedupe.markSeen("d", 1, 31, 39); // [10, 20], [30, 40]: room for one more range
    check("d", 1, 5); // [5], [10, 20], [30, 40]: the unknown seqs are in the second range

    assertThat(check("d", 1, 1)).containsExactly(FRESH);

    assertThat(ranges("d", 1)).containsExactly(range(1, 20), range(30, 40));
    assertThat(unknown("d", 1)).contains(range(2, 19));
    assertThat(check("d", 1, 1, 3, 5, 20, 30))
        .containsExactly(DUPLICATE, BEYOND_WINDOW, BEYOND_WINDOW, DUPLICATE, DUPLICATE);
  }

  @Test
  void secondMerge_widensTheUnknownSeqs_overTheSeenOnesBetweenTheHoles() {
    check("d", 1, 10, 20, 30, 40); // [10, 20] with 11..19 unknown, [30], [40]

    assertThat(check("d", 1, 50)).containsExactly(FRESH);

    assertThat(ranges("d", 1)).containsExactly(range(10, 30), range(40, 40), range(50, 50));
    assertThat(unknown("d", 1)).contains(range(11, 29));
    assertThat(check("d", 1, 20, 25, 10, 30))
        .containsExactly(BEYOND_WINDOW, BEYOND_WINDOW, DUPLICATE, DUPLICATE);
  }

  @Test
  void newRangeBelowAll_overTheCap_mergesWithTheLowest() {
    check("d", 1, 10, 20, 30, 40); // [10, 20] with 11..19 unknown, [30], [40]

    assertThat(check("d", 1, 5)).containsExactly(FRESH);

    assertThat(ranges("d", 1)).containsExactly(range(5, 20), range(30, 30), range(40, 40));
    assertThat(unknown("d", 1)).contains(range(6, 19));
    assertThat(check("d", 1, 5, 6, 4)).containsExactly(DUPLICATE, BEYOND_WINDOW, FRESH);
    assertThat(check("d", 1, 4))
        .as("extending the lowest range keeps it exact")
        .containsExactly(DUPLICATE);
  }

  @Test
  void markSeen_insertsARange_mergingWhatItTouches() {
    check("d", 1, 1, 5, 9);

    dedupe.markSeen("d", 1, 2, 8);

    assertThat(ranges("d", 1)).containsExactly(range(1, 9));
    assertThat(check("d", 1, 2, 3, 4, 6, 7, 8, 10))
        .containsExactly(DUPLICATE, DUPLICATE, DUPLICATE, DUPLICATE, DUPLICATE, DUPLICATE, FRESH);
  }

  @Test
  void markSeen_ofAnUnknownStream_startsIt_evictingTheLeastRecentlyUsed() {
    check("d", 1, 0);
    check("d", 2, 0);

    dedupe.markSeen("d", 3, 100, 199);

    assertThat(evicted).containsExactly("d/1");
    assertThat(ranges("d", 3)).containsExactly(range(100, 199));
    assertThat(check("d", 3, 99, 100, 199, 200))
        .containsExactly(FRESH, DUPLICATE, DUPLICATE, FRESH);
  }

  @Test
  void markSeen_overAnEndOfTheUnknownSeqs_makesThemKnown() {
    check("d", 1, 10, 20, 30, 40); // [10, 20] with 11..19 unknown

    dedupe.markSeen("d", 1, 8, 14);
    assertThat(unknown("d", 1)).contains(range(15, 19));
    dedupe.markSeen("d", 1, 18, 19);
    assertThat(unknown("d", 1)).contains(range(15, 17));
    dedupe.markSeen("d", 1, 16, 16); // strictly inside: stays unknown
    assertThat(unknown("d", 1)).contains(range(15, 17));
    dedupe.markSeen("d", 1, 15, 17);
    assertThat(unknown("d", 1)).isEmpty();

    assertThat(ranges("d", 1)).containsExactly(range(8, 20), range(30, 30), range(40, 40));
    assertThat(check("d", 1, 8, 16, 7)).containsExactly(DUPLICATE, DUPLICATE, FRESH);
  }

  @Test
  void markSeen_refusesAnEmptyRange() {
    assertThatThrownBy(() -> dedupe.markSeen("d", 1, 5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fromSeq 5 > toSeq 4");
    assertThat(dedupe.snapshot().streams()).isEmpty();
  }

  @Test
  void extremeSeqs_doNotOverflow() {
    assertThat(
            check("d", 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1))
        .containsOnly(FRESH);
    assertThat(ranges("d", 1))
        .containsExactly(
            range(Long.MIN_VALUE, Long.MIN_VALUE + 1), range(Long.MAX_VALUE - 1, Long.MAX_VALUE));
    dedupe.markSeen("d", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(ranges("d", 1)).containsExactly(range(Long.MIN_VALUE, Long.MAX_VALUE));
    assertThat(check("d", 1, 0, Long.MAX_VALUE, Long.MIN_VALUE)).containsOnly(DUPLICATE);
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
    assertThat(evicted).containsExactly("d/2", "d/3");
  }

  @Test
  void settings_refuseANonPositiveRangeCap() {
    assertThatThrownBy(() -> new DedupeSettings(0, 1))
        .hasMessage("dedupe max ranges per stream must be positive, was 0");
  }

  private List<DedupeVerdict> check(String device, long epoch, long... seqs) {
    List<DedupeVerdict> verdicts = new ArrayList<>();
    for (long seq : seqs) {
      verdicts.add(dedupe.check(reading(device, epoch, seq)));
    }
    return verdicts;
  }

  private List<SeqRange> ranges(String device, long epoch) {
    return state(device, epoch).seen();
  }

  private Optional<SeqRange> unknown(String device, long epoch) {
    return state(device, epoch).unknown();
  }

  private DedupeSnapshot.StreamState state(String device, long epoch) {
    return dedupe.snapshot().streams().stream()
        .filter(s -> s.deviceId().equals(device) && s.streamEpoch() == epoch)
        .findFirst()
        .orElseThrow();
  }

  static SeqRange range(long lo, long hi) {
    return new SeqRange(lo, hi);
  }

  static Reading reading(String device, long epoch, long seq) {
    return new Reading(device, epoch, seq, "t", 1.0, 1_700_000_000_000L + seq);
  }
}
