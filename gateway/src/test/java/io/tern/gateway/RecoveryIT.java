package io.tern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.gateway.testing.MqttTestClients;
import io.tern.gateway.testing.TestGateways;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.Rollup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts of a real gateway on the same data folder: the pipeline state comes back from the
 * snapshot and the ingest journal, so a window that straddles the restart has all its readings, an
 * agent's replay of what was acknowledged is dropped as duplicate, and no output reaches the output
 * log twice, also when the whole journal is replayed without a snapshot. (A kill -9 variant with a
 * separate process is the launcher's GatewayCrashIT.)
 */
class RecoveryIT {
  private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s
  private static final String DEVICE = "dev-1";
  private static final Map<String, Object> SETTINGS =
      Map.of(
          "tern.gateway.max-event-age",
          "36500d",
          "tern.gateway.rollup-window",
          "10s",
          // Windows must not close by idling while the gateway restarts.
          "tern.gateway.rollup-idle-timeout",
          "5m");

  @TempDir Path dataDir;
  private Gateway gateway;
  private MqttTestClients mqtt;

  @AfterEach
  void stop() throws Exception {
    if (mqtt != null) {
      mqtt.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void stateSurvivesARestart_fromTheSnapshot() throws Exception {
    runAcrossRestart(false);
  }

  @Test
  void stateSurvivesARestart_byReplayingTheWholeJournal_withoutEmittingAnythingTwice()
      throws Exception {
    runAcrossRestart(true);
  }

  private void runAcrossRestart(boolean deleteSnapshots) throws Exception {
    start();
    // Readings at T0+0..14 s: window [T0, T0+10) closes (watermark 14 s >= 10 s + 2 s grace),
    // [T0+10, T0+20) stays open with 5 readings.
    publish(0, 15);
    await().atMost(Duration.ofSeconds(20)).until(() -> gateway.stats().readings() == 15);
    assertThat(rollups()).extracting(Rollup::getWindowStartMs).containsExactly(T0);
    restart(deleteSnapshots);

    // The agent replays the last batch it sent (say, PUBACK lost), then goes on to T0+24 s.
    publish(10, 15);
    await().atMost(Duration.ofSeconds(20)).until(() -> gateway.stats().duplicates() == 5);
    // Counters start at zero with each process; a replay of the whole journal counts again.
    assertThat(gateway.stats().readings()).isEqualTo(deleteSnapshots ? 30 : 15);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(rollups())
                    .extracting(Rollup::getWindowStartMs, Rollup::getCount, Rollup::getRevision)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T0, 10L, 0),
                        org.assertj.core.groups.Tuple.tuple(T0 + 10_000, 10L, 0)));
  }

  /** Publishes {@code count} readings with seqs (and seconds after T0) from {@code first}. */
  private void publish(int first, int count) throws Exception {
    MqttClient device = mqtt.connect(DEVICE);
    for (int start = first; start < first + count; start += 5) {
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        values.add(20.0 + (start + i) % 3);
      }
      byte[] batch = MqttTestClients.temperatureBatch(DEVICE, start, T0 + start * 1000L, values);
      assertThat(MqttTestClients.publish(device, "tern/v1/telemetry/" + DEVICE, batch)).isZero();
    }
    device.disconnect();
  }

  private void start() {
    gateway = TestGateways.start(dataDir, SETTINGS);
    mqtt = new MqttTestClients(() -> gateway.mqttPort());
  }

  private void restart(boolean deleteSnapshots) throws Exception {
    mqtt.close();
    gateway.close();
    Path snapshots = dataDir.resolve("snapshots");
    assertThat(snapshots).as("a clean stop snapshots the state").isNotEmptyDirectory();
    if (deleteSnapshots) {
      try (Stream<Path> files = Files.walk(snapshots)) {
        files.sorted(Comparator.reverseOrder()).forEach(RecoveryIT::delete);
      }
    }
    start();
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every rollup in the output log, in log order. */
  private List<Rollup> rollups() throws IOException {
    List<Rollup> rollups = new ArrayList<>();
    try (ChronicleQueue queue =
            SingleChronicleQueueBuilder.single(dataDir.resolve("output").toFile()).build();
        ExcerptTailer tailer = queue.createTailer()) {
      Bytes<?> bytes = Bytes.allocateElasticOnHeap();
      while (tailer.readBytes(bytes)) {
        GatewayOutput output = GatewayOutput.parseFrom(bytes.toByteArray());
        if (output.hasRollup()) {
          rollups.add(output.getRollup());
        }
        bytes.clear();
      }
    }
    return rollups;
  }
}
