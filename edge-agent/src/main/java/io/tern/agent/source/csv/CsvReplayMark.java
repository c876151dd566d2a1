package io.tern.agent.source.csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a CSV replay into one outbox started, so a replay restarted after a crash resumes after the
 * readings it already appended instead of appending them again (with new seqs, which the gateway's
 * dedupe could not recognise).
 *
 * <p>The mark is written (atomically, forced to disk) before the first reading of a replay is
 * appended: {@code firstSeq} is the seq the file's first reading gets. The outbox's last seq is the
 * exact progress: after a restart, {@code lastSeq - firstSeq + 1} readings of the file are already
 * in the outbox. This holds while the replay is the only writer of the outbox, which the agent
 * command guarantees (one source per agent). A file is the same file when its absolute path, size
 * and modification time match.
 *
 * <p>File {@value #FILE_NAME} in the agent's data directory, lines {@code key=value}.
 *
 * @param file absolute, normalised path of the CSV file
 * @param size its size in bytes when the replay started
 * @param modifiedMs its modification time when the replay started, epoch ms
 * @param firstSeq the seq of the file's first reading in the outbox
 */
public record CsvReplayMark(Path file, long size, long modifiedMs, long firstSeq) {
  public static final String FILE_NAME = "csv-replay";

  /**
   * How many readings of {@code csv} are already in the outbox whose last seq is {@code lastSeq};
   * when none (a new replay, another file, or the file changed), records a new mark first.
   *
   * @param dataDir the agent's data directory (holds the outbox)
   * @throws IOException if the mark cannot be read or written
   */
  public static long readingsAlreadyAppended(Path dataDir, Path csv, long lastSeq)
      throws IOException {
    CsvReplayMark current = of(csv, lastSeq + 1);
    Optional<CsvReplayMark> saved = load(dataDir);
    if (saved.isPresent() && saved.get().sameFile(current) && saved.get().firstSeq <= lastSeq + 1) {
      return lastSeq + 1 - saved.get().firstSeq;
    }
    current.save(dataDir);
    return 0;
  }

  static CsvReplayMark of(Path csv, long firstSeq) throws IOException {
    Path file = csv.toAbsolutePath().normalize();
    return new CsvReplayMark(
        file, Files.size(file), Files.getLastModifiedTime(file).toMillis(), firstSeq);
  }

  boolean sameFile(CsvReplayMark other) {
    return file.equals(other.file) && size == other.size && modifiedMs == other.modifiedMs;
  }

  static Optional<CsvReplayMark> load(Path dataDir) throws IOException {
    Path path = dataDir.resolve(FILE_NAME);
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Map<String, String> fields = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      return Optional.of(
          new CsvReplayMark(
              Path.of(fields.get("file")),
              Long.parseLong(fields.get("size")),
              Long.parseLong(fields.get("modifiedMs")),
              Long.parseLong(fields.get("firstSeq"))));
    } catch (RuntimeException e) {
      throw new IOException("unreadable CSV replay mark " + path + ": " + e.getMessage(), e);
    }
  }

  void save(Path dataDir) throws IOException {
    String content =
        "file=%s%nsize=%d%nmodifiedMs=%d%nfirstSeq=%d%n"
            .formatted(file, size, modifiedMs, firstSeq)
            .replace(System.lineSeparator(), "\n");
    Path target = dataDir.resolve(FILE_NAME);
    Path temp = dataDir.resolve(FILE_NAME + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
