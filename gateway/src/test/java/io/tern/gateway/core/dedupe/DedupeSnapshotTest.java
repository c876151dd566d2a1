package io.tern.gateway.core.dedupe;

import static io.tern.gateway.core.dedupe.DedupeTest.range;
import static io.tern.gateway.core.dedupe.DedupeTest.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.core.snapshot.CorruptSnapshotException;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DedupeSnapshotTest {
  private static final DedupeSettings SETTINGS = new DedupeSettings(3, 2);

  /** Device a: [10, 30] with 11..29 unknown, [40], [50]; device b: [0], [2]. */
  private static Dedupe busy() {
    Dedupe dedupe = new Dedupe(SETTINGS, (d, e) -> {});
    for (long seq : new long[] {10, 20, 30, 40, 50}) {
      dedupe.check(reading("a", 7, seq));
    }
    dedupe.check(reading("b", 1, 0));
    dedupe.check(reading("b", 1, 2));
    return dedupe;
  }

  @Test
  void snapshot_roundTrips_andTheRestoredDedupeDecidesTheSame() {
    Dedupe dedupe = busy();
    DedupeSnapshot snapshot = dedupe.snapshot();

    Dedupe restored = Dedupe.restore(SETTINGS, (d, e) -> {}, snapshot);

    assertThat(restored.snapshot()).isEqualTo(snapshot);
    assertThat(snapshot.streams().get(0).unknown()).contains(range(11, 29));
    for (long seq : new long[] {9, 10, 11, 29, 30, 31, 40, 45, 50, 51}) {
      assertThat(restored.check(reading("a", 7, seq)))
          .as("seq " + seq)
          .isEqualTo(dedupe.check(reading("a", 7, seq)));
    }
    assertThat(restored.check(reading("b", 1, 1))).isEqualTo(DedupeVerdict.FRESH);
    assertThat(restored.check(reading("b", 1, 2))).isEqualTo(DedupeVerdict.DUPLICATE);
  }

  @Test
  void snapshot_ofAnotherRangeCap_isRefused() {
    DedupeSnapshot snapshot = busy().snapshot();

    assertThatThrownBy(() -> Dedupe.restore(new DedupeSettings(8, 2), (d, e) -> {}, snapshot))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("snapshot max ranges 3 != configured 8");
  }

  @Test
  void streamState_refusesRangesThatAreNotSortedDisjointAndApart() {
    assertThatThrownBy(
            () ->
                new DedupeSnapshot.StreamState(
                    "d", 1, List.of(range(0, 4), range(5, 9)), Optional.empty()))
        .hasMessage(
            "dedupe stream d/1: seen ranges [0, 4] and [5, 9] are not sorted, disjoint and apart");
  }

  @Test
  void written_readBack_isTheSameState() throws IOException {
    Dedupe dedupe = busy();
    byte[] bytes = bytes(dedupe);

    Dedupe read = Dedupe.read(SETTINGS, (d, e) -> {}, input(bytes));

    assertThat(read.snapshot()).isEqualTo(dedupe.snapshot());
    assertThat(bytes(read)).isEqualTo(bytes);
  }

  /** Pins the section's format: a change must bump the pipeline snapshot's format version. */
  @Test
  void oneStream_goldenBytes() {
    Dedupe dedupe = new Dedupe(SETTINGS, (d, e) -> {});
    for (long seq : new long[] {1, 3, 5, 7}) {
      dedupe.check(reading("d", 2, seq));
    }

    assertThat(HexFormat.of().formatHex(bytes(dedupe)))
        .isEqualTo(
            "44445550" // "DDUP"
                + "00000001" // one stream
                + "000164" // device "d"
                + "0000000000000002" // epoch
                + "00000003" // three ranges: [1, 3], [5, 5], [7, 7]
                + "0000000000000001"
                + "0000000000000003"
                + "0000000000000005"
                + "0000000000000005"
                + "0000000000000007"
                + "0000000000000007"
                + "01" // unknown seqs: [2, 2]
                + "0000000000000002"
                + "0000000000000002");
  }

  @Test
  void read_refusesRangesOutOfOrder() {
    assertCorrupt(
        stream("d", 1, new long[] {5, 9, 0, 3}, null),
        "dedupe stream d/1: seen ranges [5, 9] and [0, 3] are not sorted, disjoint and apart");
  }

  @Test
  void read_refusesOverlappingOrAdjacentRanges() {
    assertCorrupt(
        stream("d", 1, new long[] {0, 5, 5, 9}, null),
        "dedupe stream d/1: seen ranges [0, 5] and [5, 9] are not sorted, disjoint and apart");
    assertCorrupt(
        stream("d", 1, new long[] {0, 4, 5, 9}, null),
        "dedupe stream d/1: seen ranges [0, 4] and [5, 9] are not sorted, disjoint and apart");
  }

  @Test
  void read_refusesMoreRangesThanTheCap_andNone() {
    assertCorrupt(
        stream("d", 1, new long[] {0, 0, 2, 2, 4, 4, 6, 6}, null),
        "dedupe stream d/1 range count 4 is outside 0..3");
    assertCorrupt(stream("d", 1, new long[] {}, null), "dedupe stream d/1 has no ranges");
  }

  @Test
  void read_refusesAnEmptyRange() {
    assertCorrupt(
        stream("d", 1, new long[] {9, 5}, null), "dedupe stream d/1: seq range [9, 5] is empty");
  }

  @Test
  void read_refusesUnknownSeqsNotStrictlyInsideARange() {
    assertCorrupt(
        stream("d", 1, new long[] {0, 9, 20, 29}, range(8, 12)),
        "dedupe stream d/1: unknown seqs [8, 12] are not strictly inside a range");
    assertCorrupt(
        stream("d", 1, new long[] {0, 9}, range(0, 2)),
        "dedupe stream d/1: unknown seqs [0, 2] are not strictly inside a range");
  }

  @Test
  void read_refusesAStreamTwice_andMoreStreamsPerDeviceThanAllowed() {
    long[] one = {0, 0};
    assertCorrupt(
        section(stream("d", 1, one, null), stream("d", 1, one, null)),
        "dedupe stream d/1 appears twice");
    assertCorrupt(
        section(stream("d", 1, one, null), stream("d", 2, one, null), stream("d", 3, one, null)),
        "device d has more than 2 streams");
  }

  private static void assertCorrupt(byte[] streamBytes, String message) {
    assertCorrupt(section(streamBytes), message);
  }

  private static void assertCorrupt(DataInputStream section, String message) {
    assertThatThrownBy(() -> Dedupe.read(SETTINGS, (d, e) -> {}, section))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessage(message);
  }

  /** A DDUP section of the given streams. */
  private static DataInputStream section(byte[]... streams) {
    return input(
        write(
            out -> {
              StateCodec.writeSection(out, "DDUP");
              out.writeInt(streams.length);
              for (byte[] stream : streams) {
                out.write(stream);
              }
            }));
  }

  /** One stream's bytes, its ranges given as lo, hi, lo, hi... */
  private static byte[] stream(String device, long epoch, long[] bounds, SeqRange unknown) {
    return write(
        out -> {
          out.writeUTF(device);
          out.writeLong(epoch);
          out.writeInt(bounds.length / 2);
          for (long bound : bounds) {
            out.writeLong(bound);
          }
          out.writeBoolean(unknown != null);
          if (unknown != null) {
            out.writeLong(unknown.lo());
            out.writeLong(unknown.hi());
          }
        });
  }

  static byte[] bytes(Dedupe dedupe) {
    return write(dedupe::write);
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
