package io.tern.bench.detection;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads SKAB CSV files: {@code ;}-separated, a header row, a {@code datetime} column ({@code
 * yyyy-MM-dd HH:mm:ss}, local time without zone: read as UTC), value columns, and optional {@code
 * anomaly} and {@code changepoint} label columns (0/1; {@code changepoint} is not used). Every
 * problem is an {@link IllegalArgumentException} naming the file and line.
 */
public final class SkabReader {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private SkabReader() {}

  /**
   * Every {@code *.csv} under {@code dir} (recursively), ordered by folder then file number; one
   * progress line per file.
   */
  public static List<SkabFile> readAll(Path dir, Consumer<String> progress) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".csv"))
              .sorted(byFolderThenNumber(dir))
              .toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no *.csv files under " + dir);
    }
    List<SkabFile> out = new ArrayList<>();
    for (Path file : files) {
      SkabFile skab = read(dir, file);
      progress.accept(
          "skab: read " + skab.source() + " as " + skab.deviceId() + " (" + skab.rows() + " rows)");
      out.add(skab);
    }
    return out;
  }

  /** {@code valve1/2.csv} before {@code valve1/10.csv}. */
  private static Comparator<Path> byFolderThenNumber(Path dir) {
    Comparator<Path> folder =
        Comparator.comparing(
            (Path p) -> String.valueOf(dir.relativize(p).getParent()), Comparator.naturalOrder());
    return folder
        .thenComparing(p -> stem(p).matches("\\d{1,18}") ? Long.parseLong(stem(p)) : Long.MAX_VALUE)
        .thenComparing(SkabReader::stem);
  }

  /** Reads one file under {@code dir}; its device id and group come from its path. */
  public static SkabFile read(Path dir, Path file) throws IOException {
    Path relative = dir.relativize(file);
    String group = relative.getParent() == null ? "" : sanitize(relative.getParent().toString());
    String stem = sanitize(stem(file));
    String deviceId =
        group.isEmpty() || group.equals(stem) ? "skab-" + stem : "skab-" + group + "-" + stem;
    String source = relative.toString().replace('\\', '/');
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(in, deviceId, group.isEmpty() ? stem : group, source);
    }
  }

  /** Parses one file's text; {@code source} names it in error messages. */
  static SkabFile parse(BufferedReader in, String deviceId, String group, String source)
      throws IOException {
    String header = in.readLine();
    if (header == null) {
      throw new IllegalArgumentException(source + ": empty file, expected a header row");
    }
    String[] columns = header.split(";", -1);
    int timeColumn = -1;
    int anomalyColumn = -1;
    List<Integer> valueColumns = new ArrayList<>();
    List<String> metrics = new ArrayList<>();
    for (int c = 0; c < columns.length; c++) {
      String name = columns[c].strip();
      switch (name.toLowerCase(Locale.ROOT)) {
        case "datetime" -> timeColumn = c;
        case "anomaly" -> anomalyColumn = c;
        case "changepoint" -> {}
        default -> {
          valueColumns.add(c);
          metrics.add(sanitize(name));
        }
      }
    }
    if (timeColumn < 0 || valueColumns.isEmpty()) {
      throw new IllegalArgumentException(
          source + ":1: expected a 'datetime' column and value columns, got: " + header);
    }
    long[] times = new long[4096];
    List<double[]> values = new ArrayList<>();
    BitSet anomalous = new BitSet();
    int lineNo = 1;
    long previous = Long.MIN_VALUE;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String at = source + ":" + lineNo + ": ";
      String[] cells = line.split(";", -1);
      if (cells.length != columns.length) {
        throw new IllegalArgumentException(
            at + "expected " + columns.length + " columns, got " + cells.length);
      }
      long time = time(cells[timeColumn], at);
      if (time <= previous) {
        throw new IllegalArgumentException(
            at + "timestamp does not increase: " + cells[timeColumn]);
      }
      previous = time;
      double[] row = new double[valueColumns.size()];
      for (int m = 0; m < row.length; m++) {
        row[m] = number(cells[valueColumns.get(m)], at + columns[valueColumns.get(m)]);
      }
      if (anomalyColumn >= 0) {
        double label = number(cells[anomalyColumn], at + "anomaly");
        if (label != 0 && label != 1) {
          throw new IllegalArgumentException(at + "anomaly must be 0 or 1, was " + label);
        }
        anomalous.set(values.size(), label == 1);
      }
      if (values.size() == times.length) {
        times = Arrays.copyOf(times, times.length * 2);
      }
      times[values.size()] = time;
      values.add(row);
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException(source + ": no data rows");
    }
    return new SkabFile(
        deviceId,
        group,
        source,
        metrics,
        Arrays.copyOf(times, values.size()),
        values.toArray(double[][]::new),
        anomalous);
  }

  /** Lowercase; every run of characters outside {@code [a-z0-9_.-]} becomes one {@code _}. */
  static String sanitize(String name) {
    String s = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "_");
    s = s.replaceAll("^_+|_+$", "");
    if (s.isEmpty()) {
      throw new IllegalArgumentException("column or file name has no usable characters: " + name);
    }
    return s;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static long time(String cell, String at) {
    try {
      return LocalDateTime.parse(cell.strip(), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          at + "datetime must look like 2020-03-09 10:14:33, was '" + cell + "'", e);
    }
  }

  private static double number(String cell, String what) {
    double v;
    try {
      v = Double.parseDouble(cell.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": not a number: '" + cell + "'", e);
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + ": not a finite number: '" + cell + "'");
    }
    return v;
  }
}
