package io.tern.bridge.outputlog;

import io.tern.bridge.delivery.OutputSource;
import io.tern.bridge.delivery.SourceBatch;
import io.tern.bridge.output.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the gateway's output log (a Chronicle Queue directory) for the delivery loop.
 *
 * <p>Two tailers: an anonymous one reads ahead; the named tailer ({@value #TAILER_NAME}), whose
 * position Chronicle persists in the queue's metadata, is moved only by {@link #commit}, i.e. after
 * the sink acknowledged. After a restart reading resumes at the named tailer, so nothing
 * acknowledged is delivered again and nothing unacknowledged is lost.
 *
 * <p>The directory may not exist yet (the gateway may start later): until it does, {@link #poll}
 * returns nothing. Used by the delivery thread only.
 */
public final class ChronicleOutputLog implements OutputSource {

  static final String TAILER_NAME = "bridge";
  private static final Logger LOG = LoggerFactory.getLogger(ChronicleOutputLog.class);

  private final Path directory;
  private final Bytes<?> buffer = Bytes.allocateElasticOnHeap(4096);
  private SingleChronicleQueue queue;
  private ExcerptTailer committed;
  private ExcerptTailer reader;
  private boolean waitingReported;

  public ChronicleOutputLog(Path directory) {
    this.directory = directory.toAbsolutePath();
  }

  @Override
  public Optional<SourceBatch> poll(int maxEntries) {
    if (!open()) {
      return Optional.empty();
    }
    List<Output> outputs = new ArrayList<>();
    int undecodable = 0;
    long lastIndex = -1;
    for (int i = 0; i < maxEntries; i++) {
      buffer.clear();
      if (!reader.readBytes(buffer)) {
        break;
      }
      lastIndex = reader.lastReadIndex();
      Decoded decoded = OutputDecoder.decode(buffer.toByteArray());
      if (decoded instanceof Decoded.Valid valid) {
        outputs.add(valid.output());
      } else if (decoded instanceof Decoded.Invalid invalid) {
        undecodable++;
        LOG.warn(
            "Skipping undecodable output-log entry at index {} in {}: {}",
            Long.toHexString(lastIndex),
            directory,
            invalid.reason());
      }
    }
    return lastIndex < 0
        ? Optional.empty()
        : Optional.of(new SourceBatch(outputs, undecodable, lastIndex));
  }

  @Override
  public void commit(SourceBatch batch) {
    if (!committed.moveToIndex(batch.lastPosition())) {
      throw new IllegalStateException(
          "Output-log index "
              + Long.toHexString(batch.lastPosition())
              + " vanished from "
              + directory);
    }
    try (DocumentContext skipped = committed.readingDocument()) {
      if (!skipped.isPresent()) {
        throw new IllegalStateException(
            "Cannot move past output-log index " + Long.toHexString(batch.lastPosition()));
      }
    }
  }

  @Override
  public long lag() {
    if (queue == null) {
      return 0;
    }
    long last = queue.lastIndex();
    if (last < 0) {
      return 0;
    }
    long from = committed.index() == 0 ? queue.firstIndex() : committed.index();
    return from > last ? 0 : queue.countExcerpts(from, last) + 1;
  }

  @Override
  public void close() {
    if (queue != null) {
      queue.close();
    }
    buffer.releaseLast();
  }

  private boolean open() {
    if (queue != null) {
      return true;
    }
    if (!Files.isDirectory(directory)) {
      if (!waitingReported) {
        LOG.info("Waiting for the gateway's output log to appear in {}", directory);
        waitingReported = true;
      }
      return false;
    }
    queue = SingleChronicleQueueBuilder.binary(directory).build();
    committed = queue.createTailer(TAILER_NAME);
    reader = queue.createTailer();
    positionReader();
    return true;
  }

  /** Starts reading where the named tailer says delivery stopped. */
  private void positionReader() {
    long resumeAt = committed.index();
    if (resumeAt == 0) {
      LOG.info("Reading output log {} from the beginning", directory);
      return;
    }
    if (reader.moveToIndex(resumeAt)) {
      LOG.info("Resuming output log {} at index {}", directory, Long.toHexString(resumeAt));
    } else if (resumeAt > queue.lastIndex()) {
      reader.toEnd();
      LOG.info("Output log {} fully delivered, waiting for new entries", directory);
    } else {
      LOG.warn(
          "Committed index {} is no longer in {} (files removed?), reading from the first entry",
          Long.toHexString(resumeAt),
          directory);
    }
  }
}
