package io.tern.sim.fleet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the CSV file a {@code process} device's agent replays: header {@code ts,<metrics>}, then
 * one row per interval of the run with the readings its {@link DeviceSampler} takes at that moment
 * (epoch-ms event times, already shifted by the device's clock faults; a metric in a dropout leaves
 * its cell empty; a row with no value is left out). Called by the fleet builder's thread.
 */
final class ProcessCsv {

  private ProcessCsv() {}

  /** Writes the file; returns the number of readings in it. */
  static long write(
      Path file,
      DeviceSampler sampler,
      List<String> metrics,
      long startMs,
      long intervalMs,
      long durationMs)
      throws IOException {
    long before = sampler.readings();
    Map<String, String> row = new LinkedHashMap<>();
    long[] eventTime = new long[1];
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("ts," + String.join(",", metrics));
      out.newLine();
      for (long elapsed = 0; elapsed < durationMs; elapsed += intervalMs) {
        row.clear();
        sampler.sample(
            startMs + elapsed,
            elapsed,
            (metric, value, t) -> {
              row.put(metric, Double.toString(value));
              eventTime[0] = t;
            });
        if (row.isEmpty()) {
          continue;
        }
        StringBuilder line = new StringBuilder().append(eventTime[0]);
        for (String metric : metrics) {
          line.append(',').append(row.getOrDefault(metric, ""));
        }
        out.write(line.toString());
        out.newLine();
      }
    }
    return sampler.readings() - before;
  }
}
