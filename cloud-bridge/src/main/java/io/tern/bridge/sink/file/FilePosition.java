package io.tern.bridge.sink.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The file sink's commit record, {@code <file>.position}: one line {@code <committed length>
 * <source position or ->}. Replaced atomically (write a temporary file, force it, rename), so it
 * always names a length the data file had when it was forced. Used by the delivery thread only.
 *
 * @param length bytes of the data file that are committed; anything after them is discarded
 * @param sourcePosition output-log position of the last committed output, empty before the first
 */
record FilePosition(long length, OptionalLong sourcePosition) {

  static Path pathFor(Path dataFile) {
    return dataFile.resolveSibling(dataFile.getFileName() + ".position");
  }

  /** The committed position, or empty if there is no position file yet. */
  static java.util.Optional<FilePosition> read(Path positionFile) throws IOException {
    if (!Files.exists(positionFile)) {
      return java.util.Optional.empty();
    }
    String text = Files.readString(positionFile, StandardCharsets.UTF_8).strip();
    String[] parts = text.split(" ");
    try {
      if (parts.length != 2) {
        throw new NumberFormatException("expected two fields");
      }
      long length = Long.parseLong(parts[0]);
      OptionalLong source =
          parts[1].equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(parts[1]));
      return java.util.Optional.of(new FilePosition(length, source));
    } catch (NumberFormatException e) {
      throw new IOException("Malformed position file " + positionFile + ": '" + text + "'", e);
    }
  }

  void write(Path positionFile) throws IOException {
    Path tmp = positionFile.resolveSibling(positionFile.getFileName() + ".tmp");
    String text =
        length
            + " "
            + (sourcePosition.isPresent() ? Long.toString(sourcePosition.getAsLong()) : "-")
            + "\n";
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(
        tmp, positionFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
