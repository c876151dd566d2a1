package io.tern.agent.source.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV replay mark on real files: what a restarted replay skips. */
class CsvReplayMarkIT {
  @TempDir Path tmp;
  private Path dataDir;
  private Path csv;

  @BeforeEach
  void files() throws IOException {
    dataDir = Files.createDirectories(tmp.resolve("agent"));
    csv = tmp.resolve("in.csv");
    Files.writeString(csv, "ts,a\n1,1\n2,2\n");
  }

  @Test
  void newReplay_skipsNothing_andMarksWhereTheFileStarts() throws IOException {
    assertThat(CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 40)).isZero();

    assertThat(CsvReplayMark.load(dataDir))
        .get()
        .extracting(CsvReplayMark::firstSeq)
        .isEqualTo(41L);
  }

  @Test
  void restartedReplay_skipsWhatTheOutboxAlreadyHolds() throws IOException {
    CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 40);

    assertThat(CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 40)).isZero();
    assertThat(CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 41)).isEqualTo(1);
    assertThat(CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 1_040)).isEqualTo(1_000);
    assertThat(CsvReplayMark.load(dataDir))
        .get()
        .extracting(CsvReplayMark::firstSeq)
        .isEqualTo(41L);
  }

  @Test
  void changedFile_isANewReplay() throws IOException {
    CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 40);
    Files.writeString(csv, "ts,a\n1,1\n2,2\n3,3\n");

    assertThat(CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 42)).isZero();
    assertThat(CsvReplayMark.load(dataDir))
        .get()
        .extracting(CsvReplayMark::firstSeq)
        .isEqualTo(43L);
  }

  @Test
  void touchedFile_isANewReplay() throws IOException {
    CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 40);
    Files.setLastModifiedTime(
        csv, FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() + 5_000));

    assertThat(CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 42)).isZero();
  }

  @Test
  void anotherFile_isANewReplay() throws IOException {
    CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 40);
    Path other = tmp.resolve("other.csv");
    Files.copy(csv, other);

    assertThat(CsvReplayMark.readingsAlreadyAppended(dataDir, other, 42)).isZero();
    assertThat(CsvReplayMark.load(dataDir)).get().extracting(CsvReplayMark::file).isEqualTo(other);
  }

  @Test
  void outboxBehindTheMark_isANewReplay() throws IOException {
    CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 40);

    assertThat(CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 10)).isZero();
    assertThat(CsvReplayMark.load(dataDir))
        .get()
        .extracting(CsvReplayMark::firstSeq)
        .isEqualTo(11L);
  }

  @Test
  void unreadableMark_isAnError() throws IOException {
    Files.writeString(dataDir.resolve(CsvReplayMark.FILE_NAME), "file=x\nsize=oops\n");

    assertThatThrownBy(() -> CsvReplayMark.readingsAlreadyAppended(dataDir, csv, 0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unreadable CSV replay mark");
  }
}
