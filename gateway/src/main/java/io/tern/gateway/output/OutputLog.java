package io.tern.gateway.output;

import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.Rollup;
import io.tern.proto.v1.GatewayOutput;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's output log: a Chronicle Queue at {@code <dataDir>/output} with one excerpt per
 * rollup or alert, each the bytes of one {@link GatewayOutput}. The cloud bridge tails it.
 *
 * <p>Threading: {@link #append} is called by the pipeline thread only (one appender, one writer);
 * {@link #close} is called once that thread has stopped.
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

  public void append(Rollup rollup) {
    append(ProtoOutput.of(rollup));
  }

  public void append(Alert alert) {
    append(ProtoOutput.of(alert));
  }

  private void append(GatewayOutput gatewayOutput) {
    if (appender == null) {
      appender = queue.createAppender();
    }
    appender.writeBytes(Bytes.wrapForRead(gatewayOutput.toByteArray()));
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
