package io.tern.bench.noisy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FloodCountsTest {
  private static final String INVALID = "PAYLOAD_FORMAT_INVALID (0x99)";
  private static final String QUOTA = "QUOTA_EXCEEDED (0x97)";

  @Test
  void difference_isWhatHappenedBetweenTwoSnapshots() {
    FloodTally tally = new FloodTally();
    tally.attempted(FloodKind.GARBAGE);
    tally.pubAck(FloodKind.GARBAGE, INVALID, false);
    FloodCounts earlier = tally.snapshot();
    tally.attempted(FloodKind.GARBAGE);
    tally.attempted(FloodKind.NON_FINITE);
    tally.pubAck(FloodKind.GARBAGE, QUOTA, false);
    tally.pubAck(FloodKind.NON_FINITE, "SUCCESS (0x00)", true);
    tally.disconnected("DISCONNECT MESSAGE_RATE_TOO_HIGH");

    FloodCounts diff = FloodCounts.difference(tally.snapshot(), earlier);

    assertThat(diff.attemptedTotal()).isEqualTo(2);
    assertThat(diff.acked()).isEqualTo(1);
    assertThat(diff.refused()).isEqualTo(1);
    assertThat(diff.completed()).isEqualTo(2);
    assertThat(diff.outcomesOf(FloodKind.GARBAGE)).containsExactly(Map.entry(QUOTA, 1L));
    assertThat(diff.disconnects())
        .containsExactly(Map.entry("DISCONNECT MESSAGE_RATE_TOO_HIGH", 1L));
  }

  @Test
  void sum_addsTwoIntervals() {
    FloodCounts a =
        new FloodCounts(
            Map.of(FloodKind.GARBAGE, 3L),
            Map.of(FloodKind.GARBAGE, Map.of("QUOTA_EXCEEDED (0x97)", 3L)),
            0,
            3,
            0,
            Map.of("DISCONNECT QUOTA_EXCEEDED", 1L));
    FloodCounts b =
        new FloodCounts(
            Map.of(FloodKind.GARBAGE, 2L, FloodKind.NON_FINITE, 1L),
            Map.of(
                FloodKind.GARBAGE,
                Map.of("QUOTA_EXCEEDED (0x97)", 1L, "PAYLOAD_FORMAT_INVALID (0x99)", 1L),
                FloodKind.NON_FINITE,
                Map.of("SUCCESS (0x00)", 1L)),
            1,
            2,
            0,
            Map.of("DISCONNECT QUOTA_EXCEEDED", 1L));

    FloodCounts sum = FloodCounts.sum(a, b);

    assertThat(sum.attemptedTotal()).isEqualTo(6);
    assertThat(sum.completed()).isEqualTo(6);
    assertThat(sum.outcomesOf(FloodKind.GARBAGE))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("QUOTA_EXCEEDED (0x97)", 4L, "PAYLOAD_FORMAT_INVALID (0x99)", 1L));
    assertThat(sum.disconnects()).containsEntry("DISCONNECT QUOTA_EXCEEDED", 2L);
    assertThat(FloodCounts.sum(FloodCounts.none(), a)).isEqualTo(a);
  }

  @Test
  void byOutcome_sumsOverKinds_andNoPubackIsItsOwnOutcome() {
    FloodTally tally = new FloodTally();
    tally.pubAck(FloodKind.GARBAGE, INVALID, false);
    tally.pubAck(FloodKind.MALFORMED_PROTOBUF, INVALID, false);
    tally.noPuback(FloodKind.SPOOFED_TOPIC, "ConnectionClosedException");

    FloodCounts counts = tally.snapshot();

    assertThat(counts.byOutcome())
        .containsExactly(
            Map.entry(INVALID, 2L), Map.entry("no PUBACK (ConnectionClosedException)", 1L));
    assertThat(counts.noPuback()).isEqualTo(1);
    assertThat(counts.attemptedByKind()).hasSize(FloodKind.values().length);
  }
}
