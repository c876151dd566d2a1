package io.tern.launcher.crash;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A known data set for the crash test: {@code devices × metrics × rows} readings, one row per
 * second of event time from {@link #START}, values drawn from a seeded {@link Random} (the same
 * seed always gives the same data). Written as one CSV file per device for the agents to replay,
 * and aggregated here, in plain Java and independently of the gateway's code, into the rollups the
 * gateway must produce. Used by the test thread only.
 *
 * @param values {@code values[device][metric][row]}
 */
public record CrashDataSet(
    List<String> devices, List<String> metrics, int rows, double[][][] values) {

  /** Event time of the first row: a fixed past instant, well inside the gateway's 3650-day age. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** Event time between two rows of one device. */
  public static final long STEP_MS = 1_000;

  /** The data set of {@code deviceCount} devices, each with the given metrics. */
  public static CrashDataSet generate(int deviceCount, List<String> metrics, int rows, long seed) {
    Random random = new Random(seed);
    List<String> devices = new ArrayList<>();
    double[][][] values = new double[deviceCount][metrics.size()][rows];
    for (int d = 0; d < deviceCount; d++) {
      devices.add(String.format("crash-dev-%02d", d));
      for (int m = 0; m < metrics.size(); m++) {
        double level = 10 + 100 * random.nextDouble();
        double amplitude = 1 + 10 * random.nextDouble();
        for (int r = 0; r < rows; r++) {
          // A slow wave plus noise: full-precision doubles, so sums are not trivially exact.
          values[d][m][r] =
              level + amplitude * Math.sin(r / 97.0 + m) + random.nextGaussian() * amplitude / 4;
        }
      }
    }
    return new CrashDataSet(List.copyOf(devices), List.copyOf(metrics), rows, values);
  }

  public static long eventTimeMs(int row) {
    return START.toEpochMilli() + row * STEP_MS;
  }

  public int readingsPerDevice() {
    return metrics.size() * rows;
  }

  /**
   * Writes {@code <dir>/<device>.csv} for every device: header {@code time,<metrics...>}, epoch-ms
   * timestamps, values as {@link Double#toString} (which reads back as the very same double).
   *
   * @return the files, by device
   */
  public Map<String, Path> writeCsv(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Path> files = new LinkedHashMap<>();
    for (int d = 0; d < devices.size(); d++) {
      Path file = dir.resolve(devices.get(d) + ".csv");
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write("time," + String.join(",", metrics));
        out.newLine();
        for (int r = 0; r < rows; r++) {
          StringBuilder line = new StringBuilder().append(eventTimeMs(r));
          for (int m = 0; m < metrics.size(); m++) {
            line.append(',').append(Double.toString(values[d][m][r]));
          }
          out.write(line.toString());
          out.newLine();
        }
      }
      files.put(devices.get(d), file);
    }
    return files;
  }

  /**
   * The rollups of an uninterrupted, loss-free, duplicate-free run: per device, metric, window size
   * and epoch-aligned window start, the readings in row (= seq = event time) order.
   */
  public Map<WindowKey, ExpectedRollup> expectedRollups(List<Duration> windowSizes) {
    Map<WindowKey, ExpectedRollup> expected = new LinkedHashMap<>();
    for (Duration size : windowSizes) {
      long sizeMs = size.toMillis();
      for (int d = 0; d < devices.size(); d++) {
        for (int m = 0; m < metrics.size(); m++) {
          WindowKey key = null;
          Aggregate aggregate = null;
          for (int r = 0; r < rows; r++) {
            long start = Math.floorDiv(eventTimeMs(r), sizeMs) * sizeMs;
            if (key == null || key.windowStartMs() != start) {
              if (key != null) {
                expected.put(key, aggregate.result());
              }
              key = new WindowKey(devices.get(d), metrics.get(m), sizeMs, start);
              aggregate = new Aggregate();
            }
            aggregate.add(values[d][m][r]);
          }
          expected.put(key, aggregate.result());
        }
      }
    }
    return expected;
  }

  /** count, min, max, sum (in arrival order) and last of one window. */
  private static final class Aggregate {
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double last;

    void add(double value) {
      count++;
      min = Math.min(min, value);
      max = Math.max(max, value);
      sum += value;
      last = value;
    }

    ExpectedRollup result() {
      return new ExpectedRollup(count, min, max, sum, last);
    }
  }
}
