package io.tern.sim.generated;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records what the simulator generated, as JSON Lines of {@link GeneratedCount}s: {@code
 * {"deviceId":…,"metric":…,"bucketStartMs":…,"bucketMs":1000,"count":10}}. A series' bucket is
 * written when the series records a reading in another bucket, and every open bucket at {@link
 * #finish()}; memory is one open bucket per series. A bucket may appear on several lines (event
 * times that go back, e.g. a clock jump): readers add them up.
 *
 * <p>Called by the simulator's clock thread; {@link #close()} from any thread.
 */
public final class GeneratedReadingsWriter implements AutoCloseable {

  /** Default bucket: divides every rollup window size of whole seconds. */
  public static final long DEFAULT_BUCKET_MS = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final class Open {
    long bucketStartMs;
    long count;

    Open(long bucketStartMs) {
      this.bucketStartMs = bucketStartMs;
    }
  }

  private record Series(String deviceId, String metric) {}

  private final Path file;
  private final long bucketMs;
  private final BufferedWriter out;
  private final Map<Series, Open> open = new LinkedHashMap<>();
  private boolean finished;

  /** Creates (or truncates) {@code file}, creating its parent folders. */
  public GeneratedReadingsWriter(Path file, long bucketMs) throws IOException {
    if (bucketMs < 1) {
      throw new IllegalArgumentException("bucketMs must be >= 1, was " + bucketMs);
    }
    this.file = file;
    this.bucketMs = bucketMs;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  /** One reading of {@code metric} at {@code eventTimeMs} was handed to the device's agent. */
  public synchronized void recorded(String deviceId, String metric, long eventTimeMs) {
    if (finished) {
      throw new IllegalStateException("generated-readings file " + file + " is finished");
    }
    long bucket = Math.floorDiv(eventTimeMs, bucketMs) * bucketMs;
    Series series = new Series(deviceId, metric);
    Open current = open.get(series);
    if (current == null) {
      current = new Open(bucket);
      open.put(series, current);
    } else if (current.bucketStartMs != bucket) {
      write(series, current);
      current.bucketStartMs = bucket;
      current.count = 0;
    }
    current.count++;
  }

  private void write(Series series, Open bucket) {
    ObjectNode line = JSON.createObjectNode();
    line.put("deviceId", series.deviceId());
    line.put("metric", series.metric());
    line.put("bucketStartMs", bucket.bucketStartMs);
    line.put("bucketMs", bucketMs);
    line.put("count", bucket.count);
    try {
      out.write(JSON.writeValueAsString(line));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write generated readings to " + file, e);
    }
  }

  /**
   * Writes every open bucket and flushes: the file is complete (readers may start). Later readings
   * are refused. Idempotent.
   */
  public synchronized void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    open.forEach(this::write);
    open.clear();
    out.flush();
  }

  /** {@link #finish()}, then closes the file. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }
}
