package io.tern.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import io.tern.agent.batch.StreamEntry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A really full disk: a 16 MiB tmpfs mounted in a temp dir (needs root; skipped otherwise), filled
 * by another file. The outbox must keep running, report what it could not store as DISK_ERROR gaps
 * with exact seqs, and store again once space is freed.
 */
class OutboxDiskFullIT {
  private static final long MIB = 1L << 20;

  @TempDir Path temp;
  private Path mount;
  private boolean mounted;

  @BeforeEach
  void mountSmallFilesystem() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs");
    mount = Files.createDirectory(temp.resolve("mnt"));
    mounted = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString()) == 0;
    assumeTrue(mounted, "mount -t tmpfs failed");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      assertThat(run("umount", mount.toString())).isZero();
    }
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  @Test
  void aFullDisk_turnsReadingsIntoDiskErrorGaps_andAppendsResumeWhenSpaceIsFreed()
      throws IOException {
    Path filler = mount.resolve("filler");
    try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw")) {
      byte[] block = new byte[(int) MIB];
      for (int i = 0; i < 9; i++) {
        file.write(block); // 9 of 16 MiB: about 7 MiB left, the outbox keeps 4 in reserve
      }
    }
    OutboxBudget budget = new OutboxBudget(64 * MIB, Duration.ofDays(1), BufferPolicy.DROP_OLDEST);
    try (Outbox outbox = Outbox.open(mount.resolve("agent"), InstantSource.system(), budget)) {
      int n = 200_000;
      for (int i = 1; i <= n; i++) {
        assertThat(outbox.append("temperature", i, i)).isEqualTo(i);
      }
      long lost = outbox.health().dropped().diskError();
      assertThat(lost).isPositive().isLessThan(n);

      Files.delete(filler);
      for (int i = n + 1; i <= n + 1_000; i++) {
        outbox.append("temperature", i, i);
      }
      assertThat(outbox.health().dropped().diskError()).isEqualTo(lost);

      List<StreamEntry> entries = new ArrayList<>();
      try (OutboxCursor cursor = outbox.cursorAfter(AckedPosition.NONE)) {
        for (Optional<StreamEntry> e = cursor.next(); e.isPresent(); e = cursor.next()) {
          entries.add(e.get());
        }
      }
      long expected = 1;
      List<Gap> gaps = new ArrayList<>();
      for (StreamEntry entry : entries) {
        assertThat(entry.firstSeq()).isEqualTo(expected);
        expected = entry.lastSeq() + 1;
        if (entry instanceof Gap gap) {
          gaps.add(gap);
        }
      }
      assertThat(expected - 1).isEqualTo(n + 1_000);
      // One run: from the first reading that did not fit up to the last one before the delete.
      assertThat(gaps).containsExactly(new Gap(n - lost + 1, n, GapReason.DISK_ERROR));
    }
  }
}
