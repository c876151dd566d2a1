package io.tern.bridge.outputlog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index ranges the gateway deleted from the output log ({@code <output-log>/retention/deleted},
 * one line {@code <firstIndex> <lastIndex>} per deleted cycle; indexes within a cycle are
 * consecutive), to count exactly what a consumer missed. Read by the delivery thread.
 */
final class DeletedRanges {

  static final String FILE = "retention/deleted";
  private static final Logger LOG = LoggerFactory.getLogger(DeletedRanges.class);

  record Range(long first, long last) {}

  private final List<Range> ranges;

  DeletedRanges(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** The ranges recorded in {@code outputLogDir}; none if the file does not exist. */
  static DeletedRanges read(Path outputLogDir) {
    Path file = outputLogDir.resolve(FILE);
    List<Range> ranges = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2) {
          try {
            ranges.add(new Range(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
          } catch (NumberFormatException e) {
            LOG.warn("Ignoring malformed line '{}' in {}", line, file);
          }
        }
      }
    } catch (NoSuchFileException e) {
      LOG.debug("No deleted ranges recorded in {}", file);
    } catch (IOException e) {
      LOG.warn("Cannot read {}: missing entries will not be counted", file, e);
    }
    return new DeletedRanges(ranges);
  }

  /** Deleted entries with an index greater than {@code after} and less than {@code before}. */
  long missingBetween(long after, long before) {
    long missing = 0;
    for (Range range : ranges) {
      long from = Math.max(range.first(), after + 1);
      long to = Math.min(range.last(), before - 1);
      if (to >= from) {
        missing += to - from + 1;
      }
    }
    return missing;
  }
}
