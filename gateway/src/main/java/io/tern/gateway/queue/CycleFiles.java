package io.tern.gateway.queue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;
import net.openhft.chronicle.queue.RollCycle;

/**
 * The file of each roll cycle of a Chronicle queue ({@code <start in the cycle's format>.cq4}),
 * both ways: the journal and the output log delete whole cycles by their files, which Chronicle has
 * no API for.
 */
public final class CycleFiles {
  private static final String SUFFIX = ".cq4";

  private CycleFiles() {}

  /** The file of {@code cycle} in {@code dir}. */
  public static Path file(Path dir, RollCycle rollCycle, long epochMs, int cycle) {
    LocalDateTime start =
        LocalDateTime.ofInstant(
            Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis() + epochMs),
            ZoneOffset.UTC);
    return dir.resolve(DateTimeFormatter.ofPattern(rollCycle.format()).format(start) + SUFFIX);
  }

  /** The cycle of a queue file, or empty if the name is not a queue file of this roll cycle. */
  public static OptionalInt cycle(Path file, RollCycle rollCycle, long epochMs) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX)) {
      return OptionalInt.empty();
    }
    try {
      long startMs =
          LocalDateTime.parse(
                  name.substring(0, name.length() - SUFFIX.length()),
                  DateTimeFormatter.ofPattern(rollCycle.format()))
              .toInstant(ZoneOffset.UTC)
              .toEpochMilli();
      return OptionalInt.of(Math.toIntExact((startMs - epochMs) / rollCycle.lengthInMillis()));
    } catch (DateTimeParseException | ArithmeticException e) {
      return OptionalInt.empty();
    }
  }
}
