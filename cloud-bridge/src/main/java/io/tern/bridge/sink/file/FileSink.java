package io.tern.bridge.sink.file;

import io.tern.bridge.output.Output;
import io.tern.bridge.outputlog.OutputJson;
import io.tern.bridge.sink.Sink;
import io.tern.bridge.sink.SinkException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every output as one JSON line ({@link OutputJson#jsonLine}) to an NDJSON file, exactly
 * once: {@link #flush} forces the data to disk and then atomically replaces the position file
 * ({@link FilePosition}: committed length + output-log position). {@link #resumePosition} truncates
 * the data file back to the committed length, so lines written after the last commit (a crash
 * between write and commit) disappear and are written again from the output log: no gaps, no
 * repeats. A data file that is not empty but has no position file is refused (it was not written by
 * this sink, or its position file was deleted). Called by the delivery thread only.
 */
public final class FileSink implements Sink {

  private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

  private final Path file;
  private final Path positionFile;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private FileChannel channel;
  private long committedLength;
  private OptionalLong pendingPosition = OptionalLong.empty();
  private boolean hasPending;

  public FileSink(Path file) {
    this.file = file.toAbsolutePath();
    this.positionFile = FilePosition.pathFor(this.file);
  }

  @Override
  public OptionalLong resumePosition() throws SinkException {
    closeChannel();
    pending.reset();
    hasPending = false;
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Optional<FilePosition> committed = FilePosition.read(positionFile);
      if (committed.isEmpty()) {
        if (Files.exists(file) && Files.size(file) > 0) {
          throw new SinkException(
              file
                  + " is not empty but has no position file "
                  + positionFile
                  + "; move it away (or restore the position file) to start",
              SinkException.Kind.NEEDS_ATTENTION,
              null);
        }
        committed = Optional.of(new FilePosition(0, OptionalLong.empty()));
        committed.get().write(positionFile); // before any data: every later byte is covered
      }
      FilePosition position = committed.get();
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (channel.size() < position.length()) {
        throw new SinkException(
            file
                + " is shorter ("
                + channel.size()
                + " bytes) than its committed length "
                + position.length()
                + " in "
                + positionFile,
            SinkException.Kind.NEEDS_ATTENTION,
            null);
      }
      if (channel.size() > position.length()) {
        LOG.info(
            "Discarding {} uncommitted bytes at the end of {}",
            channel.size() - position.length(),
            file);
        channel.truncate(position.length());
        channel.force(true);
      }
      channel.position(position.length());
      committedLength = position.length();
      return position.sourcePosition();
    } catch (IOException e) {
      closeChannel();
      throw new SinkException("Cannot open " + file + ": " + e, false, e);
    }
  }

  @Override
  public void deliver(List<Output> batch, long lastPosition) throws SinkException {
    if (channel == null) {
      throw new SinkException("file sink not positioned: call resumePosition first", true, null);
    }
    for (Output output : batch) {
      pending.writeBytes(OutputJson.jsonLine(output));
    }
    pendingPosition = OptionalLong.of(lastPosition);
    hasPending = true;
  }

  @Override
  public void flush() throws SinkException {
    if (!hasPending) {
      return;
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(pending.toByteArray());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
      long length = channel.position();
      new FilePosition(length, pendingPosition).write(positionFile);
      committedLength = length;
      pending.reset();
      hasPending = false;
    } catch (IOException e) {
      closeChannel(); // resumePosition truncates what was written after the last commit
      throw new SinkException(
          "Cannot write " + file + " (committed " + committedLength + " bytes): " + e, false, e);
    }
  }

  @Override
  public void close() {
    closeChannel();
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("Cannot close {}: {}", file, e.toString());
      }
      channel = null;
    }
  }
}
