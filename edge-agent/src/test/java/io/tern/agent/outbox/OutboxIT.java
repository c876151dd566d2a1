package io.tern.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.agent.batch.Reading;
import io.tern.agent.batch.StreamEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outbox against real Chronicle Queue files. */
class OutboxIT {
  private static final InstantSource CLOCK = InstantSource.system();

  @TempDir Path dir;

  private static List<Reading> readAll(OutboxCursor cursor) {
    List<Reading> out = new ArrayList<>();
    for (Optional<StreamEntry> r = cursor.next(); r.isPresent(); r = cursor.next()) {
      out.add((Reading) r.get());
    }
    return out;
  }

  @Test
  void append_assignsConsecutiveSeqsFromOne_andStoresTheReading() {
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      assertThat(outbox.lastSeq()).isZero();
      assertThat(outbox.append("temp", 21.5, 1_000)).isEqualTo(1);
      assertThat(outbox.append("hum", -0.5, 2_000)).isEqualTo(2);
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        assertThat(readAll(cursor))
            .containsExactly(
                new Reading(1, "temp", 21.5, 1_000), new Reading(2, "hum", -0.5, 2_000));
      }
    }
  }

  @Test
  void reopen_continuesSeqAndKeepsStreamEpoch() {
    long epoch;
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      epoch = outbox.streamEpoch();
      outbox.append("m", 1, 1);
      outbox.append("m", 2, 2);
      outbox.append("m", 3, 3);
    }
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      assertThat(outbox.streamEpoch()).isEqualTo(epoch);
      assertThat(outbox.lastSeq()).isEqualTo(3);
      assertThat(outbox.append("m", 4, 4)).isEqualTo(4);
    }
  }

  @Test
  void newOutboxes_getDifferentStreamEpochs() {
    try (Outbox a = Outbox.open(dir.resolve("a"), CLOCK);
        Outbox b = Outbox.open(dir.resolve("b"), CLOCK)) {
      assertThat(a.streamEpoch()).isNotEqualTo(b.streamEpoch());
    }
  }

  @Test
  void saveAcked_survivesReopen_andReplayStartsAfterIt() {
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      for (int i = 1; i <= 10; i++) {
        outbox.append("m", i, i);
      }
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        for (int i = 0; i < 4; i++) {
          cursor.next();
        }
        outbox.saveAcked(new AckedPosition(4, cursor.lastIndex()));
      }
    }
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      assertThat(outbox.ackedAtOpen().seq()).isEqualTo(4);
      try (OutboxCursor cursor = outbox.cursorAfter(outbox.ackedAtOpen())) {
        assertThat(readAll(cursor))
            .extracting(Reading::seq)
            .containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
      }
    }
  }

  @Test
  void cursorAfter_withStaleIndexHint_scansToTheRightSeq() {
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      for (int i = 1; i <= 5; i++) {
        outbox.append("m", i, i);
      }
      try (OutboxCursor cursor = outbox.cursorAfter(new AckedPosition(3, 123_456_789L))) {
        assertThat(readAll(cursor)).extracting(Reading::seq).containsExactly(4L, 5L);
      }
      try (OutboxCursor cursor = outbox.cursorAfter(new AckedPosition(5, -1))) {
        assertThat(cursor.next()).isEmpty();
        outbox.append("m", 6, 6);
        assertThat(cursor.next()).map(StreamEntry::firstSeq).contains(6L);
      }
    }
  }

  @Test
  void rewindTo_goesBackToTheAckedPosition() {
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      for (int i = 1; i <= 6; i++) {
        outbox.append("m", i, i);
      }
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        cursor.next();
        cursor.next();
        AckedPosition acked = new AckedPosition(2, cursor.lastIndex());
        readAll(cursor);
        cursor.rewindTo(acked);
        assertThat(readAll(cursor)).extracting(Reading::seq).containsExactly(3L, 4L, 5L, 6L);
      }
    }
  }

  @Test
  void append_fromManyThreads_givesUniqueContiguousSeqsInQueueOrder() throws Exception {
    int threads = 4;
    int perThread = 2_000;
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      outbox.append("m", i, i);
                    }
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        assertThat(readAll(cursor))
            .extracting(Reading::seq)
            .containsExactlyElementsOf(
                LongStream.rangeClosed(1, threads * perThread).boxed().toList());
      }
    }
  }

  @Test
  void open_withUnreadableEpochFile_failsLoudly() throws IOException {
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      outbox.append("m", 1, 1);
    }
    Files.writeString(dir.resolve(StreamFiles.EPOCH_FILE), "garbage");
    assertThatThrownBy(() -> Outbox.open(dir, CLOCK))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stream epoch");
  }

  @Test
  void open_withQueuedReadingsButNoEpochFile_failsLoudly() throws IOException {
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      outbox.append("m", 1, 1);
    }
    Files.delete(dir.resolve(StreamFiles.EPOCH_FILE));
    assertThatThrownBy(() -> Outbox.open(dir, CLOCK))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no stream-epoch file");
  }

  @Test
  void open_withUnreadableAckedFile_replaysEverything() throws IOException {
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      outbox.append("m", 1, 1);
      outbox.saveAcked(new AckedPosition(1, -1));
    }
    Files.writeString(dir.resolve(StreamFiles.ACKED_FILE), "v1 x y");
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      assertThat(outbox.ackedAtOpen()).isEqualTo(AckedPosition.NONE);
    }
  }

  @Test
  void open_afterQueueFilesLost_neverReusesAcknowledgedSeqs() throws IOException {
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      outbox.append("m", 1, 1);
      outbox.append("m", 2, 2);
      outbox.saveAcked(new AckedPosition(2, -1));
    }
    try (Stream<Path> files = Files.walk(dir.resolve(Outbox.QUEUE_DIR))) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    try (Outbox outbox = Outbox.open(dir, CLOCK)) {
      assertThat(outbox.append("m", 3, 3)).isEqualTo(3);
    }
  }

  @Test
  void append_afterClose_isRejected() {
    Outbox outbox = Outbox.open(dir, CLOCK);
    outbox.close();
    outbox.close(); // idempotent
    assertThatThrownBy(() -> outbox.append("m", 1, 1)).isInstanceOf(IllegalStateException.class);
  }
}
