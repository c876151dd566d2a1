package io.tern.sim.labels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tern.sim.signal.AnomalyLabel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes ground-truth anomaly labels as JSON Lines, one object per line: {@code {"deviceId":…,
 * "metric":…, "kind":"level-shift", "startMs":…, "endMs":…}}. Each line is flushed, so a checker
 * can read the file while the simulation runs. Called by the simulator's clock thread; {@link
 * #close()} from any thread.
 */
public final class JsonlLabelWriter implements Consumer<AnomalyLabel>, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final BufferedWriter out;

  /** Creates (or truncates) {@code file}, creating its parent folders. */
  public JsonlLabelWriter(Path file) throws IOException {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void accept(AnomalyLabel label) {
    ObjectNode line = JSON.createObjectNode();
    line.put("deviceId", label.deviceId());
    line.put("metric", label.metric());
    line.put("kind", label.kind().yamlName());
    line.put("startMs", label.startMs());
    line.put("endMs", label.endMs());
    try {
      out.write(JSON.writeValueAsString(line));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write label to " + file, e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
