package io.tern.bridge.outputlog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the bridge's delivered position beside the output log, in {@code
 * <output-log>/consumers/<name>.position} (a line {@code index=<decimal>}: the Chronicle index of
 * the last delivered entry), so that the gateway can delete what every consumer delivered. Written
 * atomically (temp file + rename), at most once per {@code minInterval}. Advisory only: the bridge
 * resumes from its sink's or its named tailer's position, never from this file, and a lost file
 * only delays the gateway's cleanup. Write failures are logged, never thrown. Delivery thread only.
 */
final class ConsumerPositionFile {

  static final String FOLDER = "consumers";
  static final String SUFFIX = ".position";
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerPositionFile.class);

  private final Path file;
  private final Path temp;
  private final String name;
  private final InstantSource clock;
  private final Duration minInterval;
  private long pending = -1;
  private long written = -1;
  private long lastWriteMs;
  private boolean everWritten;
  private boolean failureReported;

  ConsumerPositionFile(Path outputLogDir, String name, InstantSource clock, Duration minInterval) {
    this.name = name;
    this.file = outputLogDir.resolve(FOLDER).resolve(name + SUFFIX);
    this.temp = outputLogDir.resolve(FOLDER).resolve(name + SUFFIX + ".tmp");
    this.clock = clock;
    this.minInterval = minInterval;
  }

  /** A consumer name usable as a file name: other characters become {@code _}. */
  static String safeName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** Records that everything up to {@code index} is delivered; writes it if the interval passed. */
  void offer(long index) {
    if (index > pending) {
      pending = index;
    }
    writeIfDue();
  }

  /** Writes a pending position if the interval passed (called when idle). */
  void writeIfDue() {
    if (pending != written
        && (!everWritten || clock.millis() - lastWriteMs >= minInterval.toMillis())) {
      write();
    }
  }

  /** Writes a pending position now (at close). */
  void flush() {
    if (pending != written) {
      write();
    }
  }

  Path file() {
    return file;
  }

  private void write() {
    long index = pending;
    lastWriteMs = clock.millis();
    everWritten = true;
    String text =
        "# Delivered position of output-log consumer "
            + name
            + " (advisory, written by the Tern cloud bridge)\nindex="
            + index
            + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      written = index;
      failureReported = false;
    } catch (IOException e) {
      if (!failureReported) {
        LOG.warn(
            "Cannot publish the delivered position to {} (the gateway keeps the log longer): {}",
            file,
            e.toString());
        failureReported = true;
      } else {
        LOG.debug("Still cannot publish the delivered position to {}", file, e);
      }
    }
  }
}
