package io.tern.bridge.outputlog;

import io.tern.bridge.delivery.OutputSource;
import io.tern.bridge.delivery.SourceBatch;
import io.tern.bridge.output.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
 * position Chronicle persists in the queue's metadata, is moved only by {@link #commit} (after the
 * sink made a batch durable) and by {@link #resumeAfter}. Positions are Chronicle indexes. When the
 * sink stores positions itself (exactly-once Kafka), {@link #resumeAfter} gets the sink's position,
 * which wins; the named tailer is then only a hint used when the sink has none yet (and for lag).
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
  private OptionalLong requestedResume;
  private boolean positionedBefore;

  public ChronicleOutputLog(Path directory) {
    this.directory = directory.toAbsolutePath();
  }

  @Override
  public void resumeAfter(OptionalLong position) {
    requestedResume = position;
    if (queue != null) {
      applyResume();
    }
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
    if (!open()) {
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
    if (requestedResume != null) {
      applyResume();
    } else {
      positionReader(false); // provisional, until the delivery loop calls resumeAfter
    }
    return true;
  }

  private void applyResume() {
    OptionalLong position = requestedResume;
    requestedResume = null;
    if (position.isPresent()) {
      moveCommittedPast(position.getAsLong());
    }
    positionReader(true);
  }

  /** Moves the named tailer right after {@code index}, the position the sink committed. */
  private void moveCommittedPast(long index) {
    if (committed.moveToIndex(index)) {
      try (DocumentContext skipped = committed.readingDocument()) {
        if (skipped.isPresent()) {
          return;
        }
      }
    }
    if (index > queue.lastIndex()) {
      LOG.warn(
          "Sink's committed index {} is past the end of {} (last {}): was the log replaced?"
              + " Waiting for new entries",
          Long.toHexString(index),
          directory,
          Long.toHexString(queue.lastIndex()));
      committed.toEnd();
    } else {
      LOG.warn(
          "Sink's committed index {} is no longer in {} (files removed?), reading from the first"
              + " entry",
          Long.toHexString(index),
          directory);
      committed.toStart();
    }
  }

  /** Reads on where the named tailer says delivery stopped. */
  private void positionReader(boolean report) {
    long resumeAt = committed.index();
    String message;
    if (resumeAt == 0) {
      reader.toStart();
      message = "from the beginning";
    } else if (reader.moveToIndex(resumeAt)) {
      message = "at index " + Long.toHexString(resumeAt);
    } else if (resumeAt > queue.lastIndex()) {
      reader.toEnd();
      message = "at its end (all delivered), waiting for new entries";
    } else {
      reader.toStart();
      LOG.warn(
          "Committed index {} is no longer in {} (files removed?), reading from the first entry",
          Long.toHexString(resumeAt),
          directory);
      message = "from the first entry";
    }
    if (positionedBefore || !report) {
      LOG.debug("Re-reading output log {} {}", directory, message);
    } else {
      LOG.info("Reading output log {} {}", directory, message);
      positionedBefore = true;
    }
  }
}
