package io.tern.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import org.junit.jupiter.api.Test;

class GapLedgerTest {
  @Test
  void consecutiveSeqsOfOneReason_mergeIntoOneGap_andAreCounted() {
    GapLedger ledger = new GapLedger();
    for (long seq = 10; seq <= 14; seq++) {
      ledger.record(seq, seq, GapReason.REJECTED_NEW);
    }
    ledger.record(15, 15, GapReason.DISK_ERROR);
    ledger.record(17, 17, GapReason.DISK_ERROR);

    assertThat(ledger.snapshot())
        .containsExactly(
            new Gap(10, 14, GapReason.REJECTED_NEW),
            new Gap(15, 15, GapReason.DISK_ERROR),
            new Gap(17, 17, GapReason.DISK_ERROR));
    assertThat(ledger.dropped()).isEqualTo(new DropCounts(0, 0, 5, 2));
    assertThat(ledger.maxSeq()).isEqualTo(17);
  }

  @Test
  void anOlderRun_isInsertedInSeqOrder_andMergesWithBothNeighbours() {
    GapLedger ledger = new GapLedger();
    ledger.record(50, 60, GapReason.DISK_ERROR);
    ledger.record(1, 9, GapReason.BUDGET_BYTES);
    ledger.record(21, 30, GapReason.BUDGET_BYTES);
    ledger.record(10, 20, GapReason.BUDGET_BYTES);

    assertThat(ledger.snapshot())
        .containsExactly(
            new Gap(1, 30, GapReason.BUDGET_BYTES), new Gap(50, 60, GapReason.DISK_ERROR));
    assertThat(ledger.dropped()).isEqualTo(new DropCounts(30, 0, 0, 11));
  }

  @Test
  void overlappingRuns_areRefused() {
    GapLedger ledger = new GapLedger();
    ledger.record(10, 20, GapReason.BUDGET_AGE);
    assertThatThrownBy(() -> ledger.record(20, 25, GapReason.BUDGET_AGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlaps");
    assertThatThrownBy(() -> ledger.record(5, 10, GapReason.BUDGET_AGE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ledger.dropped().total()).isEqualTo(11);
  }

  @Test
  void pruneAcked_forgetsAcknowledgedGaps_andClipsAPartlyAcknowledgedOne() {
    GapLedger ledger = new GapLedger();
    ledger.record(1, 5, GapReason.BUDGET_BYTES);
    ledger.record(8, 12, GapReason.REJECTED_NEW);

    assertThat(ledger.pruneAcked(0)).isFalse();
    assertThat(ledger.pruneAcked(9)).isTrue();
    assertThat(ledger.snapshot()).containsExactly(new Gap(10, 12, GapReason.REJECTED_NEW));
    assertThat(ledger.pruneAcked(12)).isTrue();
    assertThat(ledger.snapshot()).isEmpty();
    assertThat(ledger.dropped()).isEqualTo(new DropCounts(5, 0, 5, 0));
  }

  @Test
  void text_roundTrips_gapsAndCounters() {
    GapLedger ledger = new GapLedger();
    ledger.record(3, 4, GapReason.BUDGET_AGE);
    ledger.record(9, 9, GapReason.DISK_ERROR);
    ledger.pruneAcked(3);

    GapLedger parsed = GapLedger.parse(ledger.toText());

    assertThat(parsed.snapshot()).isEqualTo(ledger.snapshot());
    assertThat(parsed.dropped()).isEqualTo(new DropCounts(0, 2, 0, 1));
    assertThatThrownBy(() -> GapLedger.parse("v2 what\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void covering_findsTheGapHoldingASeq() {
    GapLedger ledger = new GapLedger();
    ledger.record(3, 4, GapReason.BUDGET_AGE);
    ledger.record(9, 20, GapReason.DISK_ERROR);
    var gaps = ledger.snapshot();
    assertThat(GapLedger.covering(gaps, 2)).isNull();
    assertThat(GapLedger.covering(gaps, 4)).isEqualTo(new Gap(3, 4, GapReason.BUDGET_AGE));
    assertThat(GapLedger.covering(gaps, 5)).isNull();
    assertThat(GapLedger.covering(gaps, 9)).isEqualTo(new Gap(9, 20, GapReason.DISK_ERROR));
    assertThat(GapLedger.covering(gaps, 21)).isNull();
  }

  @Test
  void absorbTail_addsOnlyTheUnrecordedUnacknowledgedPartOfTheRun() {
    GapLedger ledger = new GapLedger();
    ledger.record(10, 12, GapReason.REJECTED_NEW);

    ledger.absorbTail(new Gap(10, 15, GapReason.REJECTED_NEW), 0);
    assertThat(ledger.snapshot()).containsExactly(new Gap(10, 15, GapReason.REJECTED_NEW));
    assertThat(ledger.dropped().rejectedNew()).isEqualTo(6);

    ledger.absorbTail(new Gap(10, 15, GapReason.REJECTED_NEW), 0); // already known
    ledger.absorbTail(new Gap(1, 5, GapReason.DISK_ERROR), 5); // already acknowledged
    assertThat(ledger.dropped().total()).isEqualTo(6);

    ledger.absorbTail(new Gap(20, 21, GapReason.DISK_ERROR), 20);
    assertThat(ledger.snapshot()).endsWith(new Gap(21, 21, GapReason.DISK_ERROR));
  }
}
