package io.tern.gateway.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Remembers which index ranges were deleted from the output log, so that a consumer resuming from a
 * deleted position can count exactly what it missed: {@code <output-log>/retention/deleted}, one
 * line {@code <firstIndex> <lastIndex>} (decimal) per deleted cycle, appended before the cycle's
 * file is deleted. About 40 bytes per hour of log. Called by the retention thread.
 */
final class EvictionLedger {

  static final String FILE = "retention/deleted";

  private final Path file;

  EvictionLedger(Path outputLogDir) {
    this.file = outputLogDir.resolve(FILE);
  }

  void recordDeleted(LogCycle cycle) throws IOException {
    if (cycle.entries() == 0) {
      return;
    }
    Files.createDirectories(file.getParent());
    String line = cycle.firstIndex() + " " + cycle.lastIndex() + "\n";
    Files.writeString(
        file,
        line,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
  }
}
