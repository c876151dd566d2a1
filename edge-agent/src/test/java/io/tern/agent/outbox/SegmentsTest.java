package io.tern.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmentsTest {
  private static final long HOUR = 3_600_000;

  /** Three files: seqs 1-10 (1000 B), 11-20 (1000 B), 21-25 (500 B), appended an hour apart. */
  private static Segments threeFiles() {
    Segments segments = new Segments();
    for (long seq = 1; seq <= 25; seq++) {
      int cycle = (int) ((seq - 1) / 10);
      segments.appended(cycle, seq, ((seq - 1) % 10 + 1) * 100, cycle * HOUR);
    }
    return segments;
  }

  @Test
  void accountsBytesPerFile_theLargestPositionOfEach() {
    Segments segments = threeFiles();
    assertThat(segments.totalBytes()).isEqualTo(2_500);
    assertThat(segments.list())
        .extracting(Segments.Segment::lastSeq)
        .containsExactly(10L, 20L, 25L);
  }

  @Test
  void takeAcknowledged_removesFullyAcknowledgedFiles_neverTheNewest() {
    Segments segments = threeFiles();
    assertThat(segments.takeAcknowledged(15)).containsExactly(0);
    assertThat(segments.takeAcknowledged(25)).containsExactly(1);
    assertThat(segments.totalBytes()).isEqualTo(500);
  }

  @Test
  void takeOverBudget_dropsTheOldestFile_withItsUnsentSeqs() {
    Segments segments = threeFiles();
    assertThat(segments.takeOverBudget(2_600, 100, Long.MAX_VALUE, 4, 2 * HOUR)).isNull();

    Segments.Drop drop = segments.takeOverBudget(2_550, 100, Long.MAX_VALUE, 4, 2 * HOUR);

    assertThat(drop).isEqualTo(new Segments.Drop(0, 5, 10, false));
    assertThat(segments.totalBytes()).isEqualTo(1_500);
    assertThat(segments.takeOverBudget(1_600, 100, Long.MAX_VALUE, 4, 2 * HOUR)).isNull();
  }

  @Test
  void takeOverBudget_byAge_dropsFilesWhoseNewestReadingIsTooOld() {
    Segments segments = threeFiles();
    // now = 2h + 1ms, max age 2h: only file 0 (appended at 0) is too old.
    Segments.Drop drop = segments.takeOverBudget(Long.MAX_VALUE, 0, 2 * HOUR, 0, 2 * HOUR + 1);
    assertThat(drop).isEqualTo(new Segments.Drop(0, 1, 10, true));
    assertThat(segments.takeOverBudget(Long.MAX_VALUE, 0, 2 * HOUR, 0, 2 * HOUR + 1)).isNull();
  }

  @Test
  void takeOverBudget_ofAnAcknowledgedFile_losesNoReadings() {
    Segments segments = threeFiles();
    Segments.Drop drop = segments.takeOverBudget(0, 0, Long.MAX_VALUE, 10, 0);
    assertThat(drop.losesReadings()).isFalse();
  }

  @Test
  void neverDropsTheNewestFile_evenOverBudget() {
    Segments segments = new Segments();
    segments.appended(7, 1, 5_000, 0);
    assertThat(segments.takeOverBudget(100, 100, 1, 0, HOUR)).isNull();
  }

  @Test
  void shouldRoll_whenTheCurrentFileIsBigOrOldEnough() {
    Segments segments = new Segments();
    assertThat(segments.shouldRoll(1_000, 60_000, 0)).isFalse();
    segments.appended(1, 1, 999, 0);
    assertThat(segments.shouldRoll(1_000, 60_000, 59_999)).isFalse();
    assertThat(segments.shouldRoll(1_000, 60_000, 60_000)).isTrue();
    segments.appended(1, 2, 1_000, 1);
    assertThat(segments.shouldRoll(1_000, 60_000, 1)).isTrue();
  }

  @Test
  void oldestUnsentAge_isTheFirstAppendOfTheOldestFileWithUnsentSeqs() {
    Segments segments = threeFiles();
    assertThat(segments.oldestUnsentAgeMs(0, 3 * HOUR)).isEqualTo(3 * HOUR);
    assertThat(segments.oldestUnsentAgeMs(10, 3 * HOUR)).isEqualTo(2 * HOUR);
    assertThat(segments.oldestUnsentAgeMs(25, 3 * HOUR)).isZero();
  }
}
