package io.tern.gateway.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline state snapshots in a folder ({@code <dataDir>/snapshots}), each naming the journal index
 * of the last entry it includes. A snapshot is written to a temporary file, forced to disk and
 * renamed, so a crash leaves either the old or the new one; a checksum catches a damaged file, and
 * the previous snapshot is kept as a fallback ({@value #KEEP} in all).
 *
 * <p>File layout: magic {@code TERNSNAP}, int version, long journal index, int length, the state
 * bytes, long CRC-32 of the state bytes.
 *
 * <p>Threading: one thread (the pipeline thread).
 */
public final class SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  private static final byte[] MAGIC = {'T', 'E', 'R', 'N', 'S', 'N', 'A', 'P'};
  private static final int VERSION = 1;
  static final int KEEP = 2;
  private static final String PREFIX = "pipeline-";
  private static final String SUFFIX = ".snap";

  /** Writes the state of the pipeline. */
  @FunctionalInterface
  public interface StateWriter {
    void write(DataOutput out) throws IOException;
  }

  /** A snapshot read back: the state bytes and the journal index they include. */
  public record Snapshot(long journalIndex, byte[] state, Path file) {}

  private final Path dir;

  public SnapshotStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes a snapshot that includes journal entries up to {@code journalIndex}, then deletes all
   * but the newest {@value #KEEP}.
   *
   * @return the size of the file in bytes
   */
  public long write(long journalIndex, StateWriter state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    state.write(new DataOutputStream(bytes));
    byte[] body = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(body);
    ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 4 + 8 + 4);
    header.put(MAGIC).putInt(VERSION).putLong(journalIndex).putInt(body.length).flip();
    ByteBuffer trailer = ByteBuffer.allocate(8).putLong(crc.getValue()).flip();

    Files.createDirectories(dir);
    Path target = dir.resolve(fileName(journalIndex));
    Path temp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ch.write(new ByteBuffer[] {header, ByteBuffer.wrap(body), trailer});
      ch.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
    deleteAllButNewest();
    return Files.size(target);
  }

  /** The journal index of the oldest snapshot kept, or -1 if there is none. */
  public long oldestKeptIndex() throws IOException {
    List<Path> files = files();
    return files.isEmpty() ? -1 : indexOf(files.get(0));
  }

  /**
   * The newest snapshot that reads back intact; damaged ones are skipped with a warning.
   *
   * @return empty if there is none (start from the beginning of the journal)
   */
  public Optional<Snapshot> latest() throws IOException {
    List<Path> files = files();
    for (int i = files.size() - 1; i >= 0; i--) {
      Path file = files.get(i);
      try {
        return Optional.of(read(file));
      } catch (IOException e) {
        LOG.warn("Skipping damaged pipeline snapshot {}: {}", file, e.getMessage());
      }
    }
    return Optional.empty();
  }

  private static Snapshot read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(in)) {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a Tern pipeline snapshot");
      }
      int version = data.readInt();
      if (version != VERSION) {
        throw new IOException(
            "snapshot file version " + version + ", this gateway reads " + VERSION);
      }
      long index = data.readLong();
      int length = data.readInt();
      if (length < 0 || length > Files.size(file)) {
        throw new IOException("bad length " + length);
      }
      byte[] body = new byte[length];
      data.readFully(body);
      CRC32 crc = new CRC32();
      crc.update(body);
      if (data.readLong() != crc.getValue()) {
        throw new IOException("checksum mismatch");
      }
      return new Snapshot(index, body, file);
    } catch (java.io.EOFException e) {
      throw new IOException("truncated", e);
    }
  }

  /** Snapshot files, oldest first (file names sort by journal index). */
  private List<Path> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> files = new ArrayList<>();
      list.filter(p -> p.getFileName().toString().startsWith(PREFIX))
          .filter(p -> p.getFileName().toString().endsWith(SUFFIX))
          .sorted()
          .forEach(files::add);
      return files;
    }
  }

  private void deleteAllButNewest() throws IOException {
    List<Path> files = files();
    for (int i = 0; i < files.size() - KEEP; i++) {
      Files.deleteIfExists(files.get(i));
    }
  }

  private void forceDirectory() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("Cannot force the snapshot folder {} to disk", dir, e);
    }
  }

  private static String fileName(long journalIndex) {
    return PREFIX + String.format("%016x", journalIndex) + SUFFIX;
  }

  private static long indexOf(Path file) {
    String name = file.getFileName().toString();
    return Long.parseUnsignedLong(
        name.substring(PREFIX.length(), name.length() - SUFFIX.length()), 16);
  }
}
