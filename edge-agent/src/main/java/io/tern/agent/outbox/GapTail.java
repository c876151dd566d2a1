package io.tern.agent.outbox;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The gap run growing at the head of the stream (readings rejected or lost to a disk error one
 * after another), kept in a 24-byte file {@code gap-tail} rewritten in place with one positional
 * write per seq: {@code firstSeq, lastSeq, reason ordinal} as int64 big-endian. Extending a run is
 * then cheap and survives a crash of the process like an append does (page cache), while the {@code
 * gaps} file is rewritten only when a run starts and every second. The file is created full-size on
 * open, so updating it needs no new disk space.
 *
 * <p>Not thread-safe: guarded by the outbox's lock.
 */
final class GapTail implements AutoCloseable {
  static final String FILE = "gap-tail";
  private static final int SIZE = 24;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(SIZE);

  private GapTail(FileChannel channel) {
    this.channel = channel;
  }

  static GapTail open(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    try {
      if (channel.size() < SIZE) {
        ByteBuffer zeros = ByteBuffer.allocate(SIZE);
        while (zeros.hasRemaining()) {
          channel.write(zeros, zeros.position());
        }
      }
      return new GapTail(channel);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /** The run last written, or null if none (or unreadable: the gaps file then has the run). */
  Gap read() throws IOException {
    buffer.clear();
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // keep reading
    }
    if (buffer.hasRemaining()) {
      return null;
    }
    long first = buffer.getLong(0);
    long last = buffer.getLong(8);
    long reason = buffer.getLong(16);
    if (first < 1 || last < first || reason < 0 || reason >= GapReason.values().length) {
      return null;
    }
    return new Gap(first, last, GapReason.values()[(int) reason]);
  }

  void write(Gap gap) throws IOException {
    buffer.clear();
    buffer.putLong(0, gap.firstSeq()).putLong(8, gap.lastSeq()).putLong(16, gap.reason().ordinal());
    while (buffer.hasRemaining()) {
      channel.write(buffer, buffer.position());
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
