package io.tern.bridge.outputlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes sure that one output-log consumer name is used by one running bridge at a time: an OS file
 * lock ({@link FileChannel#tryLock}) on {@code <output-log>/consumers/<name>.lock}, held while the
 * bridge runs and released by {@link #close} or by the end of the process (also after {@code kill
 * -9}). Within one process a set of held files answers instead: the OS lock belongs to the whole
 * process, and closing a second channel on the file would release it. The file holds the pid of the
 * holder, for the error message; it is never deleted (deleting lock files races with the next
 * taker). Thread-safe; created and closed by the thread that starts and stops the bridge.
 */
public final class ConsumerLock implements AutoCloseable {

  static final String SUFFIX = ".lock";
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ConsumerLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code consumerName} on the output log {@code outputLogDir} (creating the
   * {@code consumers} folder, not the log itself).
   *
   * @throws IllegalStateException if another bridge, in this process or another, holds it
   * @throws UncheckedIOException if the lock file cannot be created
   */
  public static ConsumerLock acquire(Path outputLogDir, String consumerName) {
    Path file =
        outputLogDir
            .toAbsolutePath()
            .resolve(ConsumerPositionFile.FOLDER)
            .resolve(ConsumerPositionFile.safeName(consumerName) + SUFFIX);
    if (!HELD_HERE.add(file)) {
      throw refused(outputLogDir, consumerName, file, " (in this process)");
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw refused(outputLogDir, consumerName, file, holder(channel));
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              ("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return new ConsumerLock(file, channel, lock);
    } catch (IOException e) {
      giveUp(file, channel, e);
      throw new UncheckedIOException("cannot create the bridge's lock file " + file, e);
    } catch (RuntimeException e) {
      giveUp(file, channel, e);
      throw e;
    }
  }

  private static IllegalStateException refused(
      Path outputLogDir, String consumerName, Path file, String holder) {
    return new IllegalStateException(
        "another bridge"
            + holder
            + " already delivers the output log "
            + outputLogDir.toAbsolutePath()
            + " as consumer '"
            + consumerName
            + "' (it holds "
            + file
            + "); stop it, or give this bridge another --bridge-id or sink");
  }

  /** {@code " (pid N)"} from the lock file, or empty if it does not say. */
  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    return text.matches("pid=\\d+") ? " (pid " + text.substring(4) + ")" : "";
  }

  private static void giveUp(Path file, FileChannel channel, Exception failure) {
    HELD_HERE.remove(file);
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  public Path file() {
    return file;
  }

  /** Releases the lock (another bridge may take over). Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the bridge's lock " + file, e);
    } finally {
      HELD_HERE.remove(file);
    }
  }
}
