package io.tern.sim.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.sim.check.CheckFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedReadingsWriterTest {

  @Test
  void countsPerSeriesAndEpochAlignedBucket_writtenWhenTheSeriesMovesOnAndAtFinish(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("g/generated.jsonl");
    try (GeneratedReadingsWriter writer = new GeneratedReadingsWriter(file, 1_000)) {
      writer.recorded("d", "a", 999);
      writer.recorded("d", "a", 0);
      writer.recorded("d", "b", 500);
      writer.recorded("d", "a", 1_000); // a moves on: its bucket 0 is written
      writer.recorded("d", "a", 400); // back in time (clock jump): bucket 0 again, on its own line
      writer.finish();

      assertThat(CheckFiles.readGenerated(file))
          .containsExactly(
              new GeneratedCount("d", "a", 0, 1_000, 2),
              new GeneratedCount("d", "a", 1_000, 1_000, 1),
              new GeneratedCount("d", "a", 0, 1_000, 1),
              new GeneratedCount("d", "b", 0, 1_000, 1));
      assertThatThrownBy(() -> writer.recorded("d", "a", 2_000))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(CheckFiles.readGenerated(file)).hasSize(4);
  }

  @Test
  void negativeEventTimes_floorToTheirBucket(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("generated.jsonl");
    try (GeneratedReadingsWriter writer = new GeneratedReadingsWriter(file, 1_000)) {
      writer.recorded("d", "a", -1);
    }
    assertThat(CheckFiles.readGenerated(file))
        .isEqualTo(List.of(new GeneratedCount("d", "a", -1_000, 1_000, 1)));
  }
}
