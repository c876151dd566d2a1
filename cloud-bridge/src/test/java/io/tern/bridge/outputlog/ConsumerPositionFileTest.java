package io.tern.bridge.outputlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerPositionFileTest {

  @TempDir Path dir;
  private final AtomicLong nowMs = new AtomicLong(1_000_000);
  private final InstantSource clock = () -> Instant.ofEpochMilli(nowMs.get());

  private long published(ConsumerPositionFile file) throws Exception {
    String text = Files.readString(file.file());
    return Long.parseLong(
        text.lines()
            .filter(l -> l.startsWith("index="))
            .findFirst()
            .orElseThrow()
            .substring("index=".length()));
  }

  @Test
  void offer_writesAtOnceThenAtMostOncePerInterval() throws Exception {
    ConsumerPositionFile file =
        new ConsumerPositionFile(dir, "kafka-b1", clock, Duration.ofSeconds(1));

    file.offer(10);
    file.offer(20); // same instant: held back
    assertThat(published(file)).isEqualTo(10);

    nowMs.addAndGet(999);
    file.writeIfDue();
    assertThat(published(file)).isEqualTo(10);

    nowMs.addAndGet(1);
    file.writeIfDue();
    assertThat(published(file)).isEqualTo(20);
    assertThat(file.file()).isEqualTo(dir.resolve("consumers/kafka-b1.position"));
    try (var files = Files.list(dir.resolve("consumers"))) {
      assertThat(files.toList()).containsExactly(file.file()); // no temp file left behind
    }
  }

  @Test
  void flush_writesPendingPositionRegardlessOfInterval() throws Exception {
    ConsumerPositionFile file = new ConsumerPositionFile(dir, "file-x", clock, Duration.ofHours(1));
    file.offer(5);
    file.offer(7);

    file.flush();

    assertThat(published(file)).isEqualTo(7);
  }

  @Test
  void safeName_replacesPathCharacters() {
    assertThat(ConsumerPositionFile.safeName("mqtt-a/b c:1")).isEqualTo("mqtt-a_b_c_1");
  }

  @Test
  void deletedRanges_countOnlyEntriesStrictlyBetween() {
    DeletedRanges ranges =
        new DeletedRanges(
            List.of(new DeletedRanges.Range(100, 109), new DeletedRanges.Range(200, 204)));

    assertThat(ranges.missingBetween(104, 300)).isEqualTo(5 + 5);
    assertThat(ranges.missingBetween(-1, 200)).isEqualTo(10);
    assertThat(ranges.missingBetween(109, 200)).isZero();
    assertThat(ranges.missingBetween(300, 400)).isZero();
  }

  @Test
  void deletedRanges_readFromTheGatewaysFile() throws Exception {
    Files.createDirectories(dir.resolve("retention"));
    Files.writeString(dir.resolve("retention/deleted"), "100 109\nbad line\n200 204\n");

    assertThat(DeletedRanges.read(dir).missingBetween(-1, Long.MAX_VALUE)).isEqualTo(15);
    assertThat(DeletedRanges.read(dir.resolve("absent")).missingBetween(-1, 1000)).isZero();
  }
}
