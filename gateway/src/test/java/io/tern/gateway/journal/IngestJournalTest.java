package io.tern.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.GapReason;
import io.tern.gateway.core.model.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on real Chronicle Queue files: round trip, reading after an index, retention. */
class IngestJournalTest {
  private static final long HOUR_MS = 3_600_000;
  private static final long T0 = 1_700_002_800_000L; // 2023-11-14T23:00Z, a whole hour

  @TempDir Path dir;

  @Test
  void entries_roundTrip_inOrder_withEveryField() {
    List<Reading> readings =
        List.of(
            new Reading("dev-1", -7L, 0, "temperature", 21.5, T0),
            new Reading("dev-1", -7L, 1, "humidity", -0.0, T0 + 1),
            new Reading("dev-1", 9L, Long.MAX_VALUE, "temperature", Double.MIN_VALUE, -5));
    try (IngestJournal journal = new IngestJournal(dir)) {
      List<DataGap> gaps =
          List.of(
              new DataGap("dev-1", -7L, 2, 9, GapReason.DISK_ERROR, T0),
              new DataGap("dev-1", 9L, 1, Long.MAX_VALUE, GapReason.UNSPECIFIED, -1));
      long first = journal.append(new JournalEntry.Batch(T0, "dev-1", readings));
      journal.append(new JournalEntry.Status(T0 + 1, "dev-1", false));
      journal.append(new JournalEntry.Batch(T0 + 2, "dev-1", List.of(), gaps));
      journal.append(new JournalEntry.Tick(T0 + 1000));
      journal.sync();

      IngestJournal.Reader reader = journal.reader(-1);
      assertThat(reader.next()).isEqualTo(new JournalEntry.Batch(T0, "dev-1", readings));
      assertThat(reader.index()).isEqualTo(first);
      assertThat(reader.next()).isEqualTo(new JournalEntry.Status(T0 + 1, "dev-1", false));
      assertThat(reader.next()).isEqualTo(new JournalEntry.Batch(T0 + 2, "dev-1", List.of(), gaps));
      assertThat(reader.next()).isEqualTo(new JournalEntry.Tick(T0 + 1000));
      assertThat(reader.next()).isNull();
      assertThat(journal.lastIndex()).isEqualTo(reader.index());

      IngestJournal.Reader after = journal.reader(first);
      assertThat(after.next()).isEqualTo(new JournalEntry.Status(T0 + 1, "dev-1", false));
    }
  }

  @Test
  void readerAfterAnIndexNotInTheJournal_isRefused() {
    try (IngestJournal journal = new IngestJournal(dir)) {
      long index = journal.append(new JournalEntry.Tick(T0));
      assertThatThrownBy(() -> journal.reader(index + 5))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is not in");
    }
  }

  @Test
  void deleteCyclesBefore_removesOnlyWholeHoursBeforeTheIndex_andReadingGoesOn() throws Exception {
    SetTimeProvider time = new SetTimeProvider(T0);
    try (IngestJournal journal = new IngestJournal(dir, true, time)) {
      List<Long> indexes = new ArrayList<>();
      for (int hour = 0; hour < 4; hour++) {
        time.currentTimeMillis(T0 + hour * HOUR_MS);
        indexes.add(journal.append(new JournalEntry.Tick(T0 + hour * HOUR_MS)));
        indexes.add(journal.append(new JournalEntry.Tick(T0 + hour * HOUR_MS + 1)));
      }
      assertThat(cq4Files()).hasSize(4);

      // The snapshot includes the first entry of hour 2: hours 0 and 1 go, hour 2 stays.
      assertThat(journal.deleteCyclesBefore(indexes.get(4))).isEqualTo(2);

      assertThat(cq4Files()).hasSize(2);
      IngestJournal.Reader reader = journal.reader(indexes.get(4));
      List<Long> rest = new ArrayList<>();
      for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
        rest.add(e.timeMs());
      }
      assertThat(rest)
          .containsExactly(T0 + 2 * HOUR_MS + 1, T0 + 3 * HOUR_MS, T0 + 3 * HOUR_MS + 1);
      assertThat(journal.deleteCyclesBefore(indexes.get(7)))
          .as("never the newest file")
          .isEqualTo(1);
    }
  }

  private List<Path> cq4Files() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".cq4")).toList();
    }
  }
}
