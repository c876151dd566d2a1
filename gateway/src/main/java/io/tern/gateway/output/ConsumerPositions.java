package io.tern.gateway.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the advisory positions that consumers of the output log (cloud bridges) publish in {@code
 * <output-log>/consumers/<name>.position}: a text file with a line {@code index=<decimal>}, the
 * Chronicle index of the last entry the consumer delivered. Deleting a file unregisters its
 * consumer. Called by the retention thread.
 */
final class ConsumerPositions {

  static final String FOLDER = "consumers";
  static final String SUFFIX = ".position";
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerPositions.class);

  private ConsumerPositions() {}

  /** Consumer name to delivered index; unreadable files are logged and left out. */
  static Map<String, Long> read(Path outputLogDir) throws IOException {
    Path folder = outputLogDir.resolve(FOLDER);
    Map<String, Long> positions = new TreeMap<>();
    if (!Files.isDirectory(folder)) {
      return positions;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
        String name = file.getFileName().toString();
        name = name.substring(0, name.length() - SUFFIX.length());
        try {
          Long index = parse(Files.readString(file, StandardCharsets.UTF_8));
          if (index == null) {
            LOG.warn("Ignoring consumer position file {}: no index=<n> line", file);
          } else {
            positions.put(name, index);
          }
        } catch (NoSuchFileException e) {
          LOG.debug("Consumer position file {} vanished while reading", file);
        }
      }
    }
    return positions;
  }

  static Long parse(String text) {
    for (String line : text.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("index=")) {
        try {
          return Long.parseLong(trimmed.substring("index=".length()).trim());
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }
}
