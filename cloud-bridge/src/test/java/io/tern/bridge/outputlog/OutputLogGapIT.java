package io.tern.bridge.outputlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bridge.delivery.SourceBatch;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.Rollup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cycle of a real (hourly) output log is deleted, as the gateway does over budget, while the
 * bridge's reader is in the cycle before it: the reader finishes the cycle it is in, jumps over the
 * deleted one, counts exactly its entries as a gap (from the gateway's record of deleted ranges)
 * and reads on.
 */
class OutputLogGapIT {

  @TempDir Path dir;

  @Test
  void readerJumpsOverADeletedCycle_countsItsEntriesAsAGap() throws Exception {
    SetTimeProvider time =
        new SetTimeProvider(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS));
    try (SingleChronicleQueue gateway =
        SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(RollCycles.FAST_HOURLY)
            .timeProvider(time)
            .build()) {
      ExcerptAppender appender = gateway.createAppender();
      for (int cycle = 0; cycle < 3; cycle++) {
        for (int i = 0; i < 10; i++) {
          appender.writeBytes(Bytes.wrapForRead(rollup(cycle, i).toByteArray()));
        }
        time.advanceMillis(3_600_000);
      }
      int second = gateway.firstCycle() + 1;
      long secondFirst = gateway.rollCycle().toIndex(second, 0);

      ChronicleOutputLog log = new ChronicleOutputLog(dir);
      try {
        log.resumeAfter(OptionalLong.empty());
        List<String> ids = new ArrayList<>(ids(log.poll(5)));

        deleteCycleFile(second);
        Files.createDirectories(dir.resolve("retention"));
        Files.writeString(
            dir.resolve(DeletedRanges.FILE), secondFirst + " " + (secondFirst + 9) + "\n");
        gateway.refreshDirectoryListing();
        for (Optional<SourceBatch> batch = log.poll(100);
            batch.isPresent();
            batch = log.poll(100)) {
          ids.addAll(ids(batch));
          log.commit(batch.get());
        }

        assertThat(ids).hasSize(20);
        assertThat(ids.subList(0, 10)).allMatch(id -> id.startsWith("c0-"));
        assertThat(ids.subList(10, 20)).allMatch(id -> id.startsWith("c2-"));
        assertThat(log.gapEntries()).isEqualTo(10);
        assertThat(log.lag()).isZero();
      } finally {
        log.close();
      }
    }
  }

  private void deleteCycleFile(int cycle) throws Exception {
    String name =
        java.time.format.DateTimeFormatter.ofPattern(RollCycles.FAST_HOURLY.format())
                .withZone(java.time.ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(cycle * 3_600_000L))
            + ".cq4";
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).contains(name);
    }
    Files.delete(dir.resolve(name));
  }

  private static List<String> ids(Optional<SourceBatch> batch) {
    return batch.map(b -> b.outputs().stream().map(o -> o.id()).toList()).orElse(List.of());
  }

  private static GatewayOutput rollup(int cycle, int i) {
    return GatewayOutput.newBuilder()
        .setRollup(
            Rollup.newBuilder()
                .setId("c" + cycle + "-" + i)
                .setDeviceId("dev-" + i)
                .setMetric("temp")
                .setWindowStartMs(cycle * 1000L)
                .setWindowMs(1000)
                .setCount(1))
        .build();
  }
}
