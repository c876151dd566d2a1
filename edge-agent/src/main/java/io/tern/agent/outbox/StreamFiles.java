package io.tern.agent.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two small metadata files beside the queue directory.
 *
 * <ul>
 *   <li>{@code stream-epoch}: one line {@code v1 <16 hex digits>}, written once when the outbox is
 *       created, durably (fsync of file and directory): losing it would re-number the stream. An
 *       unreadable file is a fatal error, never silently replaced.
 *   <li>{@code acked}: one line {@code v1 <ackedSeq> <chronicleIndex>}, replaced atomically on
 *       every advance, not fsynced: losing an update only replays readings the gateway already has
 *       (it dedupes them); an unreadable file falls back to "nothing acknowledged".
 * </ul>
 */
final class StreamFiles {
  private static final Logger log = LoggerFactory.getLogger(StreamFiles.class);
  static final String EPOCH_FILE = "stream-epoch";
  static final String ACKED_FILE = "acked";
  private static final String VERSION = "v1";

  private StreamFiles() {}

  /** Reads the stream epoch, creating it (random, 64-bit) when {@code create} is true. */
  static long loadOrCreateEpoch(Path dir, boolean create) throws IOException {
    Path file = dir.resolve(EPOCH_FILE);
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      String[] parts = text.split(" ");
      if (parts.length != 2 || !parts[0].equals(VERSION) || parts[1].length() != 16) {
        throw new IllegalStateException(
            "unreadable stream epoch file " + file + ": '" + text + "'");
      }
      return HexFormat.fromHexDigitsToLong(parts[1]);
    } catch (NoSuchFileException e) {
      if (!create) {
        throw new IllegalStateException(
            "outbox "
                + dir
                + " holds queued readings but no "
                + EPOCH_FILE
                + " file; restore it or delete the directory to start a new stream",
            e);
      }
      long epoch = new SecureRandom().nextLong();
      AtomicFiles.write(file, VERSION + " " + HexFormat.of().toHexDigits(epoch) + "\n", true);
      log.info(
          "Created outbox stream in {} with streamEpoch {}",
          dir,
          HexFormat.of().toHexDigits(epoch));
      return epoch;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("unreadable stream epoch file " + file, e);
    }
  }

  static AckedPosition loadAcked(Path dir) throws IOException {
    Path file = dir.resolve(ACKED_FILE);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return AckedPosition.NONE;
    }
    String[] parts = text.split(" ");
    try {
      if (parts.length == 3 && parts[0].equals(VERSION)) {
        return new AckedPosition(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
      }
    } catch (IllegalArgumentException e) {
      log.warn(
          "Unreadable acked file {} ('{}'): {}; replaying from the start",
          file,
          text,
          e.toString());
      return AckedPosition.NONE;
    }
    log.warn("Unreadable acked file {} ('{}'); replaying from the start", file, text);
    return AckedPosition.NONE;
  }

  static void saveAcked(Path dir, AckedPosition acked) throws IOException {
    AtomicFiles.write(
        dir.resolve(ACKED_FILE), VERSION + " " + acked.seq() + " " + acked.index() + "\n", false);
  }
}
