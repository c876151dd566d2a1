package io.tern.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import io.tern.agent.batch.Reading;
import io.tern.agent.batch.StreamEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disk budget of the outbox against real Chronicle Queue files. */
class OutboxBudgetIT {
  private static final long MIB = 1L << 20;

  @TempDir Path dir;
  private final AtomicLong nowMs = new AtomicLong(1_700_000_000_000L);
  private final InstantSource clock = () -> Instant.ofEpochMilli(nowMs.get());

  private static List<StreamEntry> readAll(OutboxCursor cursor) {
    List<StreamEntry> out = new ArrayList<>();
    for (Optional<StreamEntry> e = cursor.next(); e.isPresent(); e = cursor.next()) {
      out.add(e.get());
    }
    return out;
  }

  /** Every seq 1..lastSeq is covered exactly once, in order; returns the gaps. */
  private static List<Gap> assertCoversExactly(List<StreamEntry> entries, long from, long to) {
    long expected = from;
    List<Gap> gaps = new ArrayList<>();
    for (StreamEntry entry : entries) {
      assertThat(entry.firstSeq()).isEqualTo(expected);
      expected = entry.lastSeq() + 1;
      if (entry instanceof Gap gap) {
        gaps.add(gap);
      }
    }
    assertThat(expected - 1).isEqualTo(to);
    return gaps;
  }

  private long queueFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(Outbox.QUEUE_DIR))) {
      return files.filter(p -> p.toString().endsWith(".cq4")).count();
    }
  }

  private static OutboxBudget budget(BufferPolicy policy) {
    return new OutboxBudget(MIB, Duration.ofHours(1), policy);
  }

  @Test
  void dropOldest_staysWithinBudget_andReportsTheDroppedSeqsAsGaps() throws IOException {
    try (Outbox outbox = Outbox.open(dir, clock, budget(BufferPolicy.DROP_OLDEST))) {
      for (int i = 0; i < 100_000; i++) {
        outbox.append("temperature", i, i);
        assertThat(outbox.health().usedBytes()).isLessThanOrEqualTo(MIB);
      }
      OutboxHealth health = outbox.health();
      assertThat(health.dropped().budgetBytes()).isPositive();
      assertThat(health.dropped().total()).isEqualTo(health.dropped().budgetBytes());

      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        List<Gap> gaps = assertCoversExactly(readAll(cursor), 1, 100_000);
        // Drops are whole oldest files: one merged gap from seq 1.
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).firstSeq()).isEqualTo(1);
        assertThat(gaps.get(0).reason()).isEqualTo(GapReason.BUDGET_BYTES);
        assertThat(gaps.get(0).size()).isEqualTo(health.dropped().total());
      }
      // 1/16 of the budget per file (128 KiB minimum): never more than 8 files for 1 MiB.
      assertThat(queueFiles()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void acknowledgedFiles_areDeletedAtOnce_andAcknowledgedGapsForgotten() throws IOException {
    try (Outbox outbox = Outbox.open(dir, clock, budget(BufferPolicy.DROP_OLDEST))) {
      for (int i = 0; i < 60_000; i++) {
        outbox.append("m", i, i);
      }
      assertThat(queueFiles()).isGreaterThan(1);
      long last;
      long lastIndex;
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        List<StreamEntry> all = readAll(cursor);
        last = all.get(all.size() - 1).lastSeq();
        lastIndex = cursor.lastIndex();
      }
      outbox.saveAcked(new AckedPosition(last, lastIndex));

      assertThat(queueFiles()).isEqualTo(1); // the newest file stays: it is appended to
      assertThat(outbox.health().usedBytes()).isLessThan(MIB / 4);
      assertThat(outbox.health().oldestUnsentAgeMs()).isZero();
      try (OutboxCursor cursor = outbox.cursorAfter(new AckedPosition(last, lastIndex))) {
        assertThat(readAll(cursor)).isEmpty();
      }
      assertThat(Files.readString(dir.resolve(Outbox.GAPS_FILE))).doesNotContain("gap ");
    }
  }

  @Test
  void rejectNew_keepsTheOldest_givesRejectedReadingsSeqs_andMergesThemIntoOneGap()
      throws IOException {
    long stored;
    try (Outbox outbox = Outbox.open(dir, clock, budget(BufferPolicy.REJECT_NEW))) {
      for (int i = 1; i <= 50_000; i++) {
        assertThat(outbox.append("m", i, i)).isEqualTo(i);
      }
      long rejected = outbox.health().dropped().rejectedNew();
      assertThat(rejected).isPositive();
      stored = 50_000 - rejected;
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        List<StreamEntry> entries = readAll(cursor);
        List<Gap> gaps = assertCoversExactly(entries, 1, 50_000);
        assertThat(gaps).containsExactly(new Gap(stored + 1, 50_000, GapReason.REJECTED_NEW));
        assertThat(entries.get(0)).isEqualTo(new Reading(1, "m", 1, 1));
      }
    }
    // The gap and the rejected seqs survive a restart; new readings are rejected while full.
    try (Outbox outbox = Outbox.open(dir, clock, budget(BufferPolicy.REJECT_NEW))) {
      assertThat(outbox.lastSeq()).isEqualTo(50_000);
      assertThat(outbox.append("m", 0, 0)).isEqualTo(50_001);
      try (OutboxCursor cursor = outbox.cursorAfter(new AckedPosition(stored, -1))) {
        assertThat(readAll(cursor))
            .containsExactly(new Gap(stored + 1, 50_001, GapReason.REJECTED_NEW));
      }
      // Once everything is acknowledged there is room again.
      outbox.saveAcked(new AckedPosition(50_001, -1));
      assertThat(outbox.append("m", 7, 7)).isEqualTo(50_002);
      try (OutboxCursor cursor = outbox.cursorAfter(new AckedPosition(50_001, -1))) {
        assertThat(readAll(cursor)).containsExactly(new Reading(50_002, "m", 7, 7));
      }
      assertThat(outbox.health().dropped().rejectedNew()).isEqualTo(50_001 - stored);
    }
  }

  @Test
  void ageBudget_dropsReadingsOlderThanMaxAge_evenWithoutNewReadings() {
    try (Outbox outbox = Outbox.open(dir, clock, budget(BufferPolicy.DROP_OLDEST))) {
      for (int i = 1; i <= 10; i++) {
        outbox.append("m", i, i);
      }
      // The age budget is 1 h, files roll every 1/16 of it.
      nowMs.addAndGet(Duration.ofMinutes(30).toMillis());
      for (int i = 11; i <= 20; i++) {
        outbox.append("m", i, i);
      }
      assertThat(outbox.health().oldestUnsentAgeMs()).isEqualTo(Duration.ofMinutes(30).toMillis());
      nowMs.addAndGet(Duration.ofMinutes(31).toMillis());
      outbox.maintain();

      assertThat(outbox.health().dropped()).isEqualTo(new DropCounts(0, 10, 0, 0));
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        List<StreamEntry> entries = readAll(cursor);
        assertCoversExactly(entries, 1, 20);
        assertThat(entries.get(0)).isEqualTo(new Gap(1, 10, GapReason.BUDGET_AGE));
      }
      // The newest file is never dropped while it is being appended to.
      nowMs.addAndGet(Duration.ofHours(2).toMillis());
      outbox.maintain();
      assertThat(outbox.health().dropped().budgetAge()).isEqualTo(10);
    }
  }

  @Test
  void offlineBudget_isEstimatedFromTheRecentAppendRate() {
    try (Outbox outbox = Outbox.open(dir, clock, budget(BufferPolicy.DROP_OLDEST))) {
      assertThat(outbox.health().offlineBudgetMs()).isEqualTo(-1);
      for (int i = 1; i <= 200; i++) {
        outbox.append("m", i, i);
        nowMs.addAndGet(100); // 10 readings/s
      }
      long estimate = outbox.health().offlineBudgetMs();
      // ~1 MiB free at ~10 x 38 bytes/s is about 46 min, capped by the 1 h age budget.
      assertThat(estimate)
          .isBetween(Duration.ofMinutes(20).toMillis(), Duration.ofHours(1).toMillis());
    }
  }

  @Test
  void aRejectedRunExtendedAfterTheLastGapsFileWrite_survivesACrash() throws IOException {
    String gapsAtRunStart;
    try (Outbox outbox = Outbox.open(dir, clock, budget(BufferPolicy.REJECT_NEW))) {
      long seq = 0;
      while (outbox.health().dropped().rejectedNew() == 0) {
        seq = outbox.append("m", 1, 1);
      }
      gapsAtRunStart = Files.readString(dir.resolve(Outbox.GAPS_FILE));
      for (int i = 0; i < 99; i++) {
        outbox.append("m", 1, 1);
      }
      assertThat(outbox.health().dropped().rejectedNew()).isEqualTo(100);
      assertThat(gapsAtRunStart).contains("gap " + seq + " " + seq + " REJECTED_NEW");
    }
    // A crash before the lazy rewrite leaves the gaps file as it was when the run started.
    Files.writeString(dir.resolve(Outbox.GAPS_FILE), gapsAtRunStart);

    try (Outbox outbox = Outbox.open(dir, clock, budget(BufferPolicy.REJECT_NEW))) {
      long last = outbox.lastSeq();
      assertThat(outbox.health().dropped().rejectedNew()).isEqualTo(100);
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        List<Gap> gaps = assertCoversExactly(readAll(cursor), 1, last);
        assertThat(gaps).containsExactly(new Gap(last - 99, last, GapReason.REJECTED_NEW));
      }
    }
  }
}
