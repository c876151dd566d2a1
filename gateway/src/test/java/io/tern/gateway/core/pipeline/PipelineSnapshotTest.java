package io.tern.gateway.core.pipeline;

import static io.tern.gateway.core.pipeline.PipelineSnapshotPropertiesTest.SETTINGS;
import static io.tern.gateway.core.pipeline.PipelineSnapshotPropertiesTest.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tern.gateway.core.dedupe.DedupeSettings;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.rollup.RollupSettings;
import io.tern.gateway.core.snapshot.CorruptSnapshotException;
import io.tern.gateway.core.snapshot.IncompatibleSnapshotException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineSnapshotTest {
  private static final long T0 = 1_700_000_000_000L;

  /** A pipeline with open and emitted windows, a late correction, a spike episode, two streams. */
  private static Pipeline busyPipeline(PipelineOutput output) {
    Pipeline pipeline = new Pipeline(SETTINGS, output);
    feedBusyInput(pipeline);
    return pipeline;
  }

  private static void feedBusyInput(Pipeline pipeline) {
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      double value = i == 20 ? 900.0 : 20.0 + (i % 3) * 0.1;
      readings.add(new Reading("d1", 7, i, "temp", value, T0 + i * 300L));
      readings.add(new Reading("d2", i % 2, i, "hum", 40.0 + i % 5, T0 + i * 300L));
    }
    pipeline.accept(readings, 1_000);
    pipeline.accept(new Reading("d1", 7, 99, "temp", 21.0, T0 + 10), 1_100); // late
  }

  private static Pipeline read(PipelineSettings settings, byte[] snapshot) throws IOException {
    return read(settings, snapshot, new PipelineTest.Recorder());
  }

  private static Pipeline read(PipelineSettings settings, byte[] snapshot, PipelineOutput output)
      throws IOException {
    return Pipeline.readState(
        settings, output, new DataInputStream(new ByteArrayInputStream(snapshot)));
  }

  @Test
  void emptyPipeline_roundTrips_andBehavesAsANewOne() throws IOException {
    byte[] empty = state(new Pipeline(SETTINGS, new PipelineTest.Recorder()));
    PipelineTest.Recorder fresh = new PipelineTest.Recorder();
    Pipeline expected = busyPipeline(fresh);

    PipelineTest.Recorder restored = new PipelineTest.Recorder();
    Pipeline pipeline =
        Pipeline.readState(
            SETTINGS, restored, new DataInputStream(new ByteArrayInputStream(empty)));

    assertThat(state(pipeline)).isEqualTo(empty);
    assertThat(pipeline.openWindows()).isZero();
    feedBusyInput(pipeline);
    assertThat(restored.outputs).isNotEmpty().isEqualTo(fresh.outputs);
    assertThat(state(pipeline)).isEqualTo(state(expected));
  }

  /** Pins the format's header and empty sections: a change must bump the format version. */
  @Test
  void emptyPipeline_goldenBytes() {
    byte[] empty = state(new Pipeline(SETTINGS, new PipelineTest.Recorder()));

    assertThat(HexFormat.of().formatHex(empty))
        .isEqualTo(
            "54475053" // magic "TGPS"
                + "00000004" // format version
                + "53455453" // "SETS"
                + "00000002"
                + "00000000000003e8"
                + "0000000000001388" // sizes 1000, 5000 ms
                + "00000001" // dedupe max ranges per stream
                + "00000002" // streams per device
                + "00000003"
                + "3fe0000000000000"
                + "3feccccccccccccd"
                + "3fefae147ae147ae" // quantiles 0.5, 0.9, 0.99
                + "3f847ae147ae147b" // relative accuracy 0.01
                + "4444555000000000" // "DDUP", no streams
                + "524c5550" // "RLUP"
                + "0000000000000000"
                + "00000000"
                + "00000000" // no open windows, no devices, no corrections
                + "44455453" // "DETS"
                + "8000000000000000" // no tick yet (Long.MIN_VALUE)
                + "00000000" // no devices
                + "454e442e" // "END."
                + String.format("%016x", crc32(Arrays.copyOf(empty, empty.length - 8))));
  }

  @Test
  void truncatedAnywhere_isACorruptSnapshot() {
    byte[] snapshot = state(busyPipeline(new PipelineTest.Recorder()));

    for (int length = 0; length < snapshot.length; length++) {
      byte[] truncated = Arrays.copyOf(snapshot, length);
      assertThrows(
          CorruptSnapshotException.class,
          () -> read(SETTINGS, truncated),
          "snapshot cut to " + length + " of " + snapshot.length + " bytes");
    }
  }

  @Test
  void anyDamagedByte_isRefusedWithAnIOException() {
    byte[] snapshot = state(busyPipeline(new PipelineTest.Recorder()));

    for (int i = 8; i < snapshot.length; i++) { // past magic and version, tested apart
      byte[] damaged = snapshot.clone();
      damaged[i] ^= (byte) (1 << (i % 8));
      int position = i;
      assertThatThrownBy(() -> read(SETTINGS, damaged))
          .as("bit flipped in byte %d of %d", position, snapshot.length)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void damagedValue_isCaughtByTheChecksum() {
    byte[] snapshot = state(busyPipeline(new PipelineTest.Recorder()));
    byte[] damaged = snapshot.clone();
    damaged[damaged.length - 20] ^= 1; // inside the last spike detector's state

    assertThatThrownBy(() -> read(SETTINGS, damaged))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void wrongMagic_isNotASnapshot() {
    byte[] snapshot = state(busyPipeline(new PipelineTest.Recorder()));
    snapshot[0] = 'X';

    assertThatThrownBy(() -> read(SETTINGS, snapshot))
        .isInstanceOf(IncompatibleSnapshotException.class)
        .hasMessageContaining("not a pipeline state snapshot")
        .hasMessageContaining("0x54475053");
  }

  @Test
  void otherFormatVersion_isRefused_namingBoth() {
    byte[] snapshot = state(busyPipeline(new PipelineTest.Recorder()));
    ByteBuffer.wrap(snapshot).putInt(4, 3); // the format before seq ranges

    assertThatThrownBy(() -> read(SETTINGS, snapshot))
        .isInstanceOf(IncompatibleSnapshotException.class)
        .hasMessageContaining("format version 3")
        .hasMessageContaining("reads version " + Pipeline.FORMAT_VERSION);
  }

  @Test
  void otherSettings_areRefused_namingBothValues() {
    byte[] snapshot = state(busyPipeline(new PipelineTest.Recorder()));
    RollupSettings rollup = SETTINGS.rollup();
    PipelineSettings other =
        new PipelineSettings(
            new DedupeSettings(8, 2),
            new RollupSettings(
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(10)),
                rollup.grace(),
                rollup.idleTimeout(),
                rollup.retention(),
                rollup.retainedWindows(),
                List.of(0.5, 0.95),
                0.02),
            SETTINGS.detection());

    assertThatThrownBy(() -> read(other, snapshot))
        .isInstanceOf(IncompatibleSnapshotException.class)
        .hasMessageContaining("rollup window sizes (ms) [1000, 5000] in the snapshot")
        .hasMessageContaining("[1000, 10000] configured")
        .hasMessageContaining("dedupe max ranges per stream 1 in the snapshot, 8 configured")
        .hasMessageContaining("rollup quantiles [0.5, 0.9, 0.99] in the snapshot, [0.5, 0.95]")
        .hasMessageContaining("sketch relative accuracy 0.01 in the snapshot, 0.02 configured");
  }

  @Test
  void tunableSettings_mayChange() throws IOException {
    byte[] snapshot = state(busyPipeline(new PipelineTest.Recorder()));
    RollupSettings rollup = SETTINGS.rollup();
    PipelineSettings longerGrace =
        new PipelineSettings(
            SETTINGS.dedupe(),
            new RollupSettings(
                rollup.sizes(),
                Duration.ofSeconds(3),
                rollup.idleTimeout(),
                rollup.retention(),
                rollup.retainedWindows(),
                rollup.quantiles(),
                rollup.relativeAccuracy()),
            SETTINGS.detection());

    assertThat(read(longerGrace, snapshot).openWindows())
        .isEqualTo(busyPipeline(new PipelineTest.Recorder()).openWindows());
  }

  /** An output that fails on the first late reading, leaving a batch half processed. */
  private static final class FailingOnLate implements PipelineOutput {
    final PipelineTest.Recorder recorder = new PipelineTest.Recorder();
    boolean failed;

    @Override
    public void rollup(Rollup rollup) {
      recorder.rollup(rollup);
    }

    @Override
    public void alert(Alert alert) {
      recorder.alert(alert);
    }

    @Override
    public void lateReading(Reading reading) {
      if (!failed) {
        failed = true;
        throw new IllegalStateException("output failed");
      }
      recorder.lateReading(reading);
    }

    @Override
    public void dropped(Reading reading, DropReason reason) {
      recorder.dropped(reading, reason);
    }

    @Override
    public void dedupeStreamEvicted(String deviceId, long streamEpoch) {
      recorder.dedupeStreamEvicted(deviceId, streamEpoch);
    }
  }

  @Test
  void pendingCorrection_ofAHalfProcessedBatch_survivesTheSnapshot() throws IOException {
    FailingOnLate output = new FailingOnLate();
    Pipeline pipeline = new Pipeline(SETTINGS, output);
    pipeline.accept(new Reading("d", 1, 0, "t", 1.0, T0), 1);
    pipeline.accept(new Reading("d", 1, 1, "t", 1.0, T0 + 3_000), 2); // emits [T0, T0+1s)
    List<Reading> late = List.of(new Reading("d", 1, 2, "t", 5.0, T0 + 5));
    assertThrows(IllegalStateException.class, () -> pipeline.accept(late, 3));

    PipelineTest.Recorder restoredOutput = new PipelineTest.Recorder();
    Pipeline restored = read(SETTINGS, state(pipeline), restoredOutput);
    int before = output.recorder.outputs.size();
    Reading next = new Reading("d", 1, 3, "t", 1.0, T0 + 3_100);
    pipeline.accept(next, 4);
    restored.accept(next, 4);

    List<Object> expected = output.recorder.outputs.subList(before, output.recorder.outputs.size());
    assertThat(expected)
        .singleElement()
        .satisfies(o -> assertThat(((Rollup) o).revision()).isOne());
    assertThat(restoredOutput.outputs).isEqualTo(expected);
    assertThat(state(restored)).isEqualTo(state(pipeline));
  }

  private static long crc32(byte[] bytes) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
