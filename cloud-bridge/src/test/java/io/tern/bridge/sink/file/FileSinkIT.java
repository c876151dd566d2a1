package io.tern.bridge.sink.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.bridge.output.Output;
import io.tern.bridge.output.OutputKind;
import io.tern.bridge.sink.SinkException;
import io.tern.proto.v1.Alert;
import io.tern.proto.v1.AlertKind;
import io.tern.proto.v1.AlertState;
import io.tern.proto.v1.Rollup;
import io.tern.proto.v1.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file sink on real files: commit protocol, truncation after a crash, JSON layout. */
class FileSinkIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void bytesWrittenAfterTheLastCommitAreDiscardedOnRestart() throws Exception {
    Path file = dir.resolve("sub/out.ndjson");
    try (FileSink sink = new FileSink(file)) {
      assertThat(sink.resumePosition()).isEmpty();
      sink.deliver(List.of(rollup("d1", 0), rollup("d1", 1)), 10);
      sink.flush();
    }
    long committed = Files.size(file);
    // A crash after the data reached the file but before the position file was replaced.
    Files.writeString(file, "{\"type\":\"rollup\",\"id\":\"half", StandardOpenOption.APPEND);

    try (FileSink sink = new FileSink(file)) {
      assertThat(sink.resumePosition()).isEqualTo(OptionalLong.of(10));
      assertThat(Files.size(file)).isEqualTo(committed);
      sink.deliver(List.of(rollup("d1", 2)), 11);
      sink.flush();
    }
    assertThat(ids(file))
        .containsExactly("d1/temp/0/60000", "d1/temp/60000/60000", "d1/temp/120000/60000");
    assertThat(Files.readString(FilePosition.pathFor(file.toAbsolutePath())).strip())
        .isEqualTo(Files.size(file) + " 11");
  }

  @Test
  void deliveredButNotFlushedIsNotCommitted() throws Exception {
    Path file = dir.resolve("out.ndjson");
    try (FileSink sink = new FileSink(file)) {
      sink.resumePosition();
      sink.deliver(List.of(rollup("d1", 0)), 1);
      sink.flush();
      sink.deliver(List.of(rollup("d1", 1)), 2); // never flushed: the bridge died
    }
    try (FileSink sink = new FileSink(file)) {
      assertThat(sink.resumePosition()).isEqualTo(OptionalLong.of(1));
    }
    assertThat(ids(file)).containsExactly("d1/temp/0/60000");
  }

  @Test
  void refusesANonEmptyFileWithoutPositionFile() throws Exception {
    Path file = dir.resolve("foreign.ndjson");
    Files.writeString(file, "{\"something\":\"else\"}\n");
    try (FileSink sink = new FileSink(file)) {
      assertThatThrownBy(sink::resumePosition)
          .isInstanceOf(SinkException.class)
          .hasMessageContaining("has no position file")
          .satisfies(
              e ->
                  assertThat(((SinkException) e).kind())
                      .isEqualTo(SinkException.Kind.NEEDS_ATTENTION));
    }
    assertThat(Files.readString(file)).isEqualTo("{\"something\":\"else\"}\n");
  }

  @Test
  void linesUseTheGatewaysJsonFieldNames() throws Exception {
    Path file = dir.resolve("out.ndjson");
    Alert alert =
        Alert.newBuilder()
            .setId("d2/temp/SPIKE/5")
            .setDeviceId("d2")
            .setMetric("temp")
            .setKind(AlertKind.ALERT_KIND_SPIKE)
            .setSeverity(Severity.SEVERITY_WARNING)
            .setState(AlertState.ALERT_STATE_RAISED)
            .setValue(99.5)
            .setEventTimeMs(5)
            .setDetectedAtMs(15)
            .setScore(0.9)
            .setMessage("spike")
            .build();
    try (FileSink sink = new FileSink(file)) {
      sink.resumePosition();
      sink.deliver(
          List.of(
              rollup("d2", 3),
              new Output(OutputKind.ALERT, alert.getId(), "d2", alert.toByteArray())),
          7);
      sink.flush();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    JsonNode r = JSON.readTree(lines.get(0));
    assertThat(fieldNames(r))
        .containsExactly(
            "type",
            "id",
            "deviceId",
            "metric",
            "windowStartMs",
            "windowMs",
            "count",
            "min",
            "max",
            "sum",
            "mean",
            "last",
            "quantiles",
            "revision");
    assertThat(r.get("windowStartMs").asLong()).isEqualTo(180_000);
    assertThat(r.get("quantiles").get(0).get("quantile").asDouble()).isEqualTo(0.99);
    JsonNode a = JSON.readTree(lines.get(1));
    assertThat(fieldNames(a))
        .containsExactly(
            "type",
            "id",
            "deviceId",
            "metric",
            "kind",
            "severity",
            "state",
            "value",
            "eventTimeMs",
            "eventTime",
            "detectedAtMs",
            "score",
            "message");
    assertThat(a.get("type").asText()).isEqualTo("alert");
    assertThat(a.get("kind").asText()).isEqualTo("SPIKE");
    assertThat(a.get("severity").asText()).isEqualTo("WARNING");
    assertThat(a.get("state").asText()).isEqualTo("RAISED");
    assertThat(a.get("eventTime").asText()).isEqualTo("1970-01-01T00:00:00.005Z");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> ids(Path file) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    return ids;
  }

  private static Output rollup(String device, int window) {
    long start = window * 60_000L;
    Rollup rollup =
        Rollup.newBuilder()
            .setId(device + "/temp/" + start + "/60000")
            .setDeviceId(device)
            .setMetric("temp")
            .setWindowStartMs(start)
            .setWindowMs(60_000)
            .setCount(2)
            .setMin(1)
            .setMax(2)
            .setSum(3)
            .setMean(1.5)
            .setLast(2)
            .addQuantiles(io.tern.proto.v1.Quantile.newBuilder().setQuantile(0.99).setValue(2))
            .build();
    return new Output(OutputKind.ROLLUP, rollup.getId(), device, rollup.toByteArray());
  }
}
