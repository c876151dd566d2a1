package io.tern.gateway.output;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.Rollup;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.OutputSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's output log: a Chronicle Queue at {@code <dataDir>/output} with one excerpt per
 * rollup or alert, each the bytes of one {@link GatewayOutput} naming the journal entry that
 * produced it ({@link Source}). The cloud bridge tails it.
 *
 * <p>Threading: {@link #append} and {@link #lastSource} are called by the pipeline thread only (one
 * appender, one writer); {@link #close} is called once that thread has stopped.
 */
@Singleton
public final class OutputLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLog.class);

  private final Path dir;
  private final ChronicleQueue queue;
  private ExcerptAppender appender;
  private boolean closed;

  public OutputLog(GatewayConfig config) {
    this.dir = config.dataDir().resolve("output");
    this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).build();
    LOG.info("Output log at {}", dir);
  }

  /** Folder of the Chronicle Queue. */
  public Path dir() {
    return dir;
  }

  /**
   * Where an output came from: the journal entry whose processing emitted it and its 1-based
   * position among that entry's outputs. Outputs are appended in increasing source order.
   */
  public record Source(long journalIndex, int ordinal) {
    /** Before every output: nothing was emitted yet. */
    public static final Source NONE = new Source(-1, 0);

    /** Whether an output at this source comes after {@code other}. */
    public boolean isAfter(Source other) {
      return journalIndex != other.journalIndex
          ? journalIndex > other.journalIndex
          : ordinal > other.ordinal;
    }
  }

  public void append(Rollup rollup, Source source) {
    append(ProtoOutput.of(rollup).toBuilder().setSource(proto(source)).build());
  }

  public void append(Alert alert, Source source) {
    append(ProtoOutput.of(alert).toBuilder().setSource(proto(source)).build());
  }

  private static OutputSource proto(Source source) {
    return OutputSource.newBuilder()
        .setJournalIndex(source.journalIndex())
        .setOrdinal(source.ordinal())
        .build();
  }

  private void append(GatewayOutput gatewayOutput) {
    if (appender == null) {
      appender = queue.createAppender();
    }
    appender.writeBytes(Bytes.wrapForRead(gatewayOutput.toByteArray()));
  }

  /**
   * The source of the last output in the log ({@link Source#NONE} if it is empty or the last entry
   * has none): recovery does not emit again what came from there or before.
   */
  public Source lastSource() {
    ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return Source.NONE;
      }
      GatewayOutput last = GatewayOutput.parseFrom(dc.wire().bytes().toByteArray());
      return last.hasSource()
          ? new Source(last.getSource().getJournalIndex(), last.getSource().getOrdinal())
          : Source.NONE;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the last entry of the output log " + dir + " is corrupt", e);
    } finally {
      tailer.close();
    }
  }

  @Override
  @PreDestroy
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.close();
    LOG.info("Output log closed");
  }
}
