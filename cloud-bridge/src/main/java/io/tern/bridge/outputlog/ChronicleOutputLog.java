package io.tern.bridge.outputlog;

import io.tern.bridge.delivery.OutputSource;
import io.tern.bridge.delivery.SourceBatch;
import io.tern.bridge.output.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
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
 * <p>The log may not exist yet (the gateway may start later): until the gateway created it (its
 * {@value #QUEUE_METADATA}), {@link #poll} returns nothing. Used by the delivery thread only.
 *
 * <p>Retention: when given a consumer name, the delivered position is published (advisory, at most
 * once a second) in {@code consumers/<name>.position} beside the log, so that the gateway deletes
 * what was delivered. Entries the gateway deleted before delivery (log over its budget) are a
 * <em>gap</em>: counted exactly from the gateway's record of deleted ranges ({@link #gapEntries}),
 * logged as a WARN, and delivery continues with the first entry still there.
 */
public final class ChronicleOutputLog implements OutputSource {

  static final String TAILER_NAME = "bridge";

  /** Written by the gateway when it creates the log (the folder alone may hold our lock files). */
  static final String QUEUE_METADATA = "metadata.cq4t";

  static final Duration POSITION_INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(ChronicleOutputLog.class);

  private final Path directory;
  private final ConsumerPositionFile positionFile;
  private long lastRead = -1;
  private long gapAccountedThrough = -1;
  private long gapEntries;
  private final Bytes<?> buffer = Bytes.allocateElasticOnHeap(4096);
  private SingleChronicleQueue queue;
  private ExcerptTailer committed;
  private ExcerptTailer reader;
  private boolean waitingReported;
  private OptionalLong requestedResume;
  private boolean positionedBefore;

  /** A reader that publishes no position (the gateway does not wait for it). */
  public ChronicleOutputLog(Path directory) {
    this.directory = directory.toAbsolutePath();
    this.positionFile = null;
  }

  /**
   * A reader registered with the gateway's retention as {@code consumerName} (characters other than
   * {@code [A-Za-z0-9._-]} become {@code _}).
   */
  public ChronicleOutputLog(Path directory, String consumerName, InstantSource clock) {
    this.directory = directory.toAbsolutePath();
    this.positionFile =
        new ConsumerPositionFile(
            this.directory, ConsumerPositionFile.safeName(consumerName), clock, POSITION_INTERVAL);
  }

  /** Entries deleted from the log before this reader delivered them, since it was created. */
  @Override
  public long gapEntries() {
    return gapEntries;
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
      if (lastRead >= 0 && cycle(lastIndex) != cycle(lastRead)) {
        countGap(lastRead, lastIndex);
      }
      lastRead = lastIndex;
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
    if (lastIndex < 0) {
      if (positionFile != null) {
        positionFile.writeIfDue();
      }
      return Optional.empty();
    }
    return Optional.of(new SourceBatch(outputs, undecodable, lastIndex));
  }

  @Override
  public void commit(SourceBatch batch) {
    if (positionFile != null) {
      positionFile.offer(batch.lastPosition());
    }
    if (!committed.moveToIndex(batch.lastPosition())) {
      queue.refreshDirectoryListing();
      if (batch.lastPosition() < queue.firstIndex()) {
        // Read from a cycle file the gateway deleted meanwhile (still mapped): delivered, and
        // what follows it starts at the first entry still there.
        committed.toStart();
        return;
      }
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
    long from = Math.max(committed.index(), queue.firstIndex());
    return from > last ? 0 : queue.countExcerpts(from, last) + 1;
  }

  @Override
  public void close() {
    if (positionFile != null) {
      positionFile.flush();
    }
    if (queue != null) {
      queue.close();
    }
    buffer.releaseLast();
  }

  private boolean open() {
    if (queue != null) {
      return true;
    }
    if (!Files.isRegularFile(directory.resolve(QUEUE_METADATA))) {
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
      if (positionFile != null && position.getAsLong() <= queue.lastIndex()) {
        // the sink's position is the truth; not when past the end (a replaced log)
        positionFile.offer(position.getAsLong());
      }
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
      queue.refreshDirectoryListing();
      committed.toStart();
      if (countGap(index, queue.firstIndex()) == 0) {
        LOG.warn(
            "Sink's committed index {} is no longer in {} (files removed?), reading from the"
                + " first entry",
            Long.toHexString(index),
            directory);
      }
    }
  }

  /** Reads on where the named tailer says delivery stopped. */
  private void positionReader(boolean report) {
    long resumeAt = committed.index();
    lastRead = -1;
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
      queue.refreshDirectoryListing();
      if (countGap(resumeAt - 1, queue.firstIndex()) == 0) {
        LOG.warn(
            "Committed index {} is no longer in {} (files removed?), reading from the first entry",
            Long.toHexString(resumeAt),
            directory);
      }
      message = "from the first entry";
    }
    if (positionedBefore || !report) {
      LOG.debug("Re-reading output log {} {}", directory, message);
    } else {
      LOG.info("Reading output log {} {}", directory, message);
      positionedBefore = true;
    }
  }

  private int cycle(long index) {
    return queue.rollCycle().toCycle(index);
  }

  /**
   * Counts the entries the gateway deleted between {@code after} and {@code before} (exclusive)
   * that were not counted yet, and logs them as a gap. Returns how many entries the gateway
   * recorded as deleted in that range (counted now or before): 0 means the entries vanished some
   * other way.
   */
  private long countGap(long after, long before) {
    DeletedRanges deleted = DeletedRanges.read(directory);
    long from = Math.max(after, gapAccountedThrough);
    long missing = before - 1 <= from ? 0 : deleted.missingBetween(from, before);
    gapAccountedThrough = Math.max(gapAccountedThrough, before - 1);
    if (missing > 0) {
      gapEntries += missing;
      LOG.warn(
          "Gap: {} output-log entries after index {} were deleted by the gateway before this"
              + " bridge delivered them (log over its budget); continuing at index {}",
          missing,
          Long.toHexString(from),
          Long.toHexString(before));
    }
    return deleted.missingBetween(after, before);
  }
}
