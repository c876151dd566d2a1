package io.tern.sim.check;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.sim.generated.GeneratedCount;
import io.tern.sim.signal.AnomalyKind;
import io.tern.sim.signal.AnomalyLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the checker's inputs, all JSON Lines: the simulator's generated-readings file and labels
 * file, and Tern's outputs (the bridge's NDJSON file sink, whose lines carry {@code "type"}, or the
 * gateway's MQTT payloads saved one per line, recognised by their fields). A bridge file with a
 * {@code .position} file beside it is read up to its committed length only. Every problem is an
 * {@link IOException} naming the file and line.
 */
public final class CheckFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckFiles() {}

  /** Turns one parsed line into a value; throws IllegalArgumentException for a bad line. */
  @FunctionalInterface
  private interface LineReader {
    void read(JsonNode line);
  }

  public static List<GeneratedCount> readGenerated(Path file) throws IOException {
    List<GeneratedCount> counts = new ArrayList<>();
    readLines(
        file,
        line ->
            counts.add(
                new GeneratedCount(
                    text(line, "deviceId"),
                    text(line, "metric"),
                    number(line, "bucketStartMs"),
                    number(line, "bucketMs"),
                    number(line, "count"))));
    return counts;
  }

  public static List<AnomalyLabel> readLabels(Path file) throws IOException {
    List<AnomalyLabel> labels = new ArrayList<>();
    readLines(
        file,
        line -> {
          String kind = text(line, "kind");
          labels.add(
              new AnomalyLabel(
                  text(line, "deviceId"),
                  text(line, "metric"),
                  AnomalyKind.byName(kind)
                      .orElseThrow(
                          () -> new IllegalArgumentException("unknown kind '" + kind + "'")),
                  number(line, "startMs"),
                  number(line, "endMs")));
        });
    return labels;
  }

  public static PipelineOutputs readOutputs(List<Path> files) throws IOException {
    List<ObservedRollup> rollups = new ArrayList<>();
    List<ObservedAlert> alerts = new ArrayList<>();
    for (Path file : files) {
      readLines(
          file,
          line -> {
            String type =
                line.has("type") ? text(line, "type") : line.has("windowMs") ? "rollup" : "alert";
            switch (type) {
              case "rollup" -> rollups.add(rollup(line));
              case "alert" -> alerts.add(alert(line));
              // readings an agent reports it dropped unsent: not counted as delivered (the
              // simulator's agents have budgets far above a run, so a gap shows as lost)
              case "gap" -> {}
              default -> throw new IllegalArgumentException("unknown type '" + type + "'");
            }
          });
    }
    return new PipelineOutputs(rollups, alerts);
  }

  private static ObservedRollup rollup(JsonNode line) {
    return new ObservedRollup(
        text(line, "deviceId"),
        text(line, "metric"),
        number(line, "windowStartMs"),
        number(line, "windowMs"),
        number(line, "count"),
        line.has("revision") ? number(line, "revision") : 0);
  }

  private static ObservedAlert alert(JsonNode line) {
    return new ObservedAlert(
        text(line, "id"),
        text(line, "deviceId"),
        text(line, "metric"),
        text(line, "kind"),
        text(line, "state"),
        number(line, "eventTimeMs"),
        number(line, "detectedAtMs"));
  }

  private static void readLines(Path file, LineReader reader) throws IOException {
    String[] lines = committedText(file).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        JsonNode line = JSON.readTree(lines[i]);
        if (!line.isObject()) {
          throw new IllegalArgumentException("not a JSON object");
        }
        reader.read(line);
      } catch (JacksonException e) {
        throw new IOException(
            file + ": line " + (i + 1) + ": not JSON: " + e.getOriginalMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
  }

  /** The file's text; for a bridge file sink only the committed part (see the bridge README). */
  private static String committedText(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    byte[] bytes = Files.readAllBytes(file);
    Path position = file.resolveSibling(file.getFileName() + ".position");
    if (Files.exists(position)) {
      String[] fields = Files.readString(position).strip().split("\\s+");
      try {
        long committed = Long.parseLong(fields[0]);
        if (committed >= 0 && committed < bytes.length) {
          bytes = Arrays.copyOf(bytes, (int) committed);
        }
      } catch (NumberFormatException e) {
        throw new IOException(position + ": not a bridge position file: " + fields[0], e);
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String text(JsonNode line, String field) {
    JsonNode value = line.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing text field '" + field + "'");
    }
    return value.asText();
  }

  private static long number(JsonNode line, String field) {
    JsonNode value = line.get(field);
    if (value == null || !value.isIntegralNumber()) {
      throw new IllegalArgumentException("missing integer field '" + field + "'");
    }
    return value.asLong();
  }
}
