package io.tern.launcher.crash;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.Rollup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * Reads every rollup in the gateway's output log ({@code <data-dir>/output}, a Chronicle Queue with
 * one {@link GatewayOutput} per excerpt) from the start, in log order; alerts are skipped. Opens
 * and closes the queue on each call, so it may run while the gateway (another process) appends.
 * Used by the test thread only.
 */
public final class OutputLogRollups {

  private OutputLogRollups() {}

  /**
   * @throws IllegalStateException if an excerpt is not a {@link GatewayOutput}
   */
  public static List<Rollup> read(Path outputLogDir) {
    List<Rollup> rollups = new ArrayList<>();
    if (!Files.isDirectory(outputLogDir)) {
      return rollups;
    }
    Bytes<?> buffer = Bytes.allocateElasticOnHeap(4096);
    try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(outputLogDir).build()) {
      ExcerptTailer tailer = queue.createTailer().toStart();
      while (true) {
        buffer.clear();
        if (!tailer.readBytes(buffer)) {
          break;
        }
        GatewayOutput output = parse(buffer.toByteArray(), tailer.lastReadIndex());
        if (output.hasRollup()) {
          rollups.add(output.getRollup());
        }
      }
    } finally {
      buffer.releaseLast();
    }
    return rollups;
  }

  private static GatewayOutput parse(byte[] bytes, long index) {
    try {
      return GatewayOutput.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "output-log excerpt at index " + Long.toHexString(index) + " is not a GatewayOutput", e);
    }
  }
}
