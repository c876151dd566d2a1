package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.batch.Batch;
import io.tern.agent.outbox.AckedPosition;
import io.tern.agent.outbox.Outbox;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lane on real Chronicle files: what it sends after a reconnect, around acknowledged ranges. */
class LaneIT {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path tmp;

  @Test
  void backlog_skipsRangesAlreadyAcknowledged_cutsBatchesThere_andStopsAtTheLiveStart() {
    try (Outbox outbox = Outbox.open(tmp, InstantSource.system())) {
      for (int i = 1; i <= 100; i++) {
        outbox.append("m", i, T0 + i);
      }
      AckLedger ledger = new AckLedger(AckedPosition.NONE);
      List<Batch> first;
      try (Lane lane = lane(outbox, false)) {
        lane.restart(AckedPosition.NONE, Long.MAX_VALUE);
        first = drain(lane, ledger);
      }
      assertThat(first)
          .extracting(Batch::firstSeq)
          .containsExactly(1L, 11L, 21L, 31L, 41L, 51L, 61L, 71L, 81L, 91L);
      // PUBACKs that arrived before the connection dropped: 1..10, 31..50 and 71..80.
      for (int i : new int[] {0, 3, 4, 7}) {
        ledger.ack(first.get(i).firstSeq(), first.get(i).lastSeq(), first.get(i).resumePosition());
      }
      assertThat(ledger.prefix().seq()).isEqualTo(10);

      try (Lane backlog = lane(outbox, true)) {
        backlog.restart(ledger.prefix(), 90); // live starts at 91 on the new connection
        List<Batch> resent = drain(backlog, ledger);

        assertThat(resent)
            .extracting(b -> b.firstSeq() + ".." + b.lastSeq())
            .containsExactly("11..20", "21..30", "51..60", "61..70", "81..90");
        assertThat(resent).allSatisfy(b -> assertThat(b.backlog()).isTrue());
        assertThat(resent.get(2).readings().get(0).value()).isEqualTo(51.0);
        assertThat(backlog.waiting()).isFalse();
      }
    }
  }

  @Test
  void backlog_afterAHoleLeftByAnOutOfOrderAck_sendsOnlyTheHole() {
    try (Outbox outbox = Outbox.open(tmp, InstantSource.system())) {
      for (int i = 1; i <= 30; i++) {
        outbox.append("m", i, T0 + i);
      }
      AckLedger ledger = new AckLedger(AckedPosition.NONE);
      ledger.ack(1, 10, -1);
      ledger.ack(16, 30, -1); // positions unknown: the cursor finds its way by scanning
      try (Lane backlog = lane(outbox, true)) {
        backlog.restart(ledger.prefix(), 30);
        List<Batch> resent = drain(backlog, ledger);
        assertThat(resent)
            .extracting(b -> b.firstSeq() + ".." + b.lastSeq())
            .containsExactly("11..15");
      }
    }
  }

  private static Lane lane(Outbox outbox, boolean backlog) {
    return new Lane(backlog, outbox.cursorAfter(AckedPosition.NONE), 10, 0);
  }

  private static List<Batch> drain(Lane lane, AckLedger ledger) {
    List<Batch> batches = new ArrayList<>();
    while (lane.ready(0, true, ledger)) {
      batches.add(lane.take());
    }
    return batches;
  }
}
