package io.tern.agent.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the host (Linux): {@code load1} from /proc/loadavg, {@code mem_used_pct} (0..100, from
 * MemTotal and MemAvailable in /proc/meminfo) and {@code cpu_temp_c} (the hottest
 * /sys/class/thermal/thermal_zone*&#47;temp, when any exists). A metric whose source is missing or
 * unreadable is left out of the sample and logged once.
 *
 * <p>Threads: called by one thread (the agent command's sampling loop).
 */
public final class HostMetrics {
  private static final Logger log = LoggerFactory.getLogger(HostMetrics.class);
  private final Path root;
  private boolean loadWarned;
  private boolean memWarned;

  /**
   * @param root file system root, {@code /} on a real host
   */
  public HostMetrics(Path root) {
    this.root = root;
  }

  /** One sample: metric name to value, in a stable order. */
  public Map<String, Double> sample() {
    Map<String, Double> out = new LinkedHashMap<>();
    try {
      out.put("load1", parseLoad1(Files.readString(root.resolve("proc/loadavg"))));
    } catch (IOException | IllegalArgumentException e) {
      loadWarned = warnOnce(loadWarned, "load1", e);
    }
    try {
      out.put("mem_used_pct", parseMemUsedPct(Files.readString(root.resolve("proc/meminfo"))));
    } catch (IOException | IllegalArgumentException e) {
      memWarned = warnOnce(memWarned, "mem_used_pct", e);
    }
    hottestZoneCelsius().ifPresent(t -> out.put("cpu_temp_c", t));
    return out;
  }

  private static boolean warnOnce(boolean warned, String metric, Exception e) {
    if (!warned) {
      log.warn("Cannot sample {} on this host (skipping it): {}", metric, e.toString());
    }
    return true;
  }

  private OptionalDouble hottestZoneCelsius() {
    Path thermal = root.resolve("sys/class/thermal");
    if (!Files.isDirectory(thermal)) {
      return OptionalDouble.empty();
    }
    double hottest = Double.NEGATIVE_INFINITY;
    try (DirectoryStream<Path> zones = Files.newDirectoryStream(thermal, "thermal_zone*")) {
      for (Path zone : zones) {
        try {
          hottest =
              Math.max(
                  hottest, Long.parseLong(Files.readString(zone.resolve("temp")).strip()) / 1000.0);
        } catch (IOException | NumberFormatException e) {
          log.debug("Skipping unreadable {}: {}", zone, e.toString());
        }
      }
    } catch (IOException e) {
      log.debug("Cannot list {}: {}", thermal, e.toString());
    }
    return hottest == Double.NEGATIVE_INFINITY
        ? OptionalDouble.empty()
        : OptionalDouble.of(hottest);
  }

  /** First field of /proc/loadavg. */
  static double parseLoad1(String loadavg) {
    String[] fields = loadavg.strip().split("\\s+");
    try {
      return Double.parseDouble(fields[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unexpected /proc/loadavg: '" + loadavg.strip() + "'", e);
    }
  }

  /** Percent of memory in use: 100 * (1 - MemAvailable / MemTotal). */
  static double parseMemUsedPct(String meminfo) {
    long total = -1;
    long available = -1;
    for (String line : meminfo.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length >= 2 && fields[0].equals("MemTotal:")) {
        total = Long.parseLong(fields[1]);
      } else if (fields.length >= 2 && fields[0].equals("MemAvailable:")) {
        available = Long.parseLong(fields[1]);
      }
    }
    if (total <= 0 || available < 0) {
      throw new IllegalArgumentException("/proc/meminfo lacks MemTotal or MemAvailable");
    }
    return 100.0 * (total - available) / total;
  }
}
