package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.agent.outbox.AckedPosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AckLedgerTest {
  @Test
  void ack_atThePrefix_movesIt_withThePositionOfTheBatch() {
    AckLedger ledger = new AckLedger(AckedPosition.NONE);
    assertThat(ledger.ack(1, 3, 30)).isTrue();
    assertThat(ledger.prefix()).isEqualTo(new AckedPosition(3, 30));
    assertThat(ledger.rangeCount()).isZero();
  }

  @Test
  void ack_aboveAHole_keepsTheRange_untilTheHoleIsAcked() {
    AckLedger ledger = new AckLedger(new AckedPosition(10, 100));
    assertThat(ledger.ack(21, 30, 300)).isFalse(); // live lane
    assertThat(ledger.ack(14, 16, 160)).isFalse(); // backlog batch acked out of order
    assertThat(ledger.prefix().seq()).isEqualTo(10);
    assertThat(ledger.rangeCount()).isEqualTo(2);
    assertThat(ledger.covering(15)).isEqualTo(new AckLedger.Range(14, 16, 160));
    assertThat(ledger.covering(17)).isNull();
    assertThat(ledger.after(16)).isEqualTo(new AckLedger.Range(21, 30, 300));

    assertThat(ledger.ack(11, 13, 130)).isTrue();
    assertThat(ledger.prefix()).isEqualTo(new AckedPosition(16, 160));
    assertThat(ledger.ack(17, 20, 200)).isTrue();
    assertThat(ledger.prefix()).isEqualTo(new AckedPosition(30, 300));
    assertThat(ledger.rangeCount()).isZero();
  }

  @Test
  void adjacentRanges_merge_keepingTheHighestPosition() {
    AckLedger ledger = new AckLedger(AckedPosition.NONE);
    ledger.ack(50, 59, 590);
    ledger.ack(70, 79, 790);
    ledger.ack(60, 69, 690);
    assertThat(ledger.rangeCount()).isEqualTo(1);
    assertThat(ledger.covering(75)).isEqualTo(new AckLedger.Range(50, 79, 790));
  }

  @Test
  void gapOnlyBatch_withoutAPosition_keepsTheLastKnownOne() {
    AckLedger ledger = new AckLedger(new AckedPosition(5, 50));
    assertThat(ledger.ack(6, 99, -1)).isTrue();
    assertThat(ledger.prefix()).isEqualTo(new AckedPosition(99, 50));
  }

  @Test
  void duplicateOrAlreadyCoveredAcks_changeNothing() {
    AckLedger ledger = new AckLedger(new AckedPosition(10, 100));
    assertThat(ledger.ack(3, 8, 80)).isFalse();
    assertThat(ledger.ack(20, 25, 250)).isFalse();
    assertThat(ledger.ack(21, 22, 220)).isFalse();
    assertThat(ledger.prefix().seq()).isEqualTo(10);
    assertThat(ledger.covering(25)).isEqualTo(new AckLedger.Range(20, 25, 250));
    assertThatThrownBy(() -> ledger.ack(5, 4, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void trim_forgetsTheHighestRanges() {
    AckLedger ledger = new AckLedger(AckedPosition.NONE);
    for (int i = 1; i <= 5; i++) {
      ledger.ack(i * 10, i * 10 + 1, i);
    }
    assertThat(ledger.trim(3)).isEqualTo(2);
    assertThat(ledger.rangeCount()).isEqualTo(3);
    assertThat(ledger.covering(30)).isNotNull();
    assertThat(ledger.covering(40)).isNull();
    assertThat(ledger.covering(50)).isNull();
  }

  @Test
  void anyAckOrder_endsWithThePrefixAtTheLastSeq_andNeverPassesAHole() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 200; round++) {
      List<long[]> batches = new ArrayList<>();
      long seq = 1;
      while (seq <= 500) {
        long last = Math.min(500, seq + random.nextInt(20));
        batches.add(new long[] {seq, last});
        seq = last + 1;
      }
      Collections.shuffle(batches, new java.util.Random(random.nextLong()));
      AckLedger ledger = new AckLedger(AckedPosition.NONE);
      boolean[] acked = new boolean[501];
      for (long[] batch : batches) {
        ledger.ack(batch[0], batch[1], batch[1]);
        for (long s = batch[0]; s <= batch[1]; s++) {
          acked[(int) s] = true;
        }
        long expected = 0;
        while (expected < 500 && acked[(int) expected + 1]) {
          expected++;
        }
        assertThat(ledger.prefix().seq()).isEqualTo(expected);
        if (expected > 0) {
          assertThat(ledger.prefix().index()).isEqualTo(expected);
        }
      }
      assertThat(ledger.rangeCount()).isZero();
    }
  }
}
