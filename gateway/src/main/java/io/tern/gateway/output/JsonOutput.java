package io.tern.gateway.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Rollup;
import java.time.Instant;
import java.util.List;

/**
 * The one mapper from core records to the JSON of the external contract (DESIGN.md): rollups and
 * alerts on MQTT and in the HTTP API. Thread-safe.
 */
public final class JsonOutput {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private JsonOutput() {}

  /** Rollup JSON, as published on {@code tern/v1/rollups/{deviceId}/{metric}}. */
  public static byte[] rollup(Rollup rollup) {
    return write(RollupJson.of(rollup));
  }

  /** A JSON array of rollups (same fields as on MQTT). */
  public static byte[] rollups(List<Rollup> rollups) {
    return write(rollups.stream().map(RollupJson::of).toList());
  }

  /** Alert JSON, as published on {@code tern/v1/alerts/{deviceId}/{metric}}. */
  public static byte[] alert(Alert alert) {
    return write(AlertJson.of(alert));
  }

  /** Gap JSON, as published on {@code tern/v1/gaps/{deviceId}}. */
  public static byte[] gap(DataGap gap) {
    return write(GapJson.of(gap));
  }

  /** The JSON shape of a gap: its fields, the id, and the number of readings it stands for. */
  record GapJson(
      String id,
      String deviceId,
      String streamEpoch,
      long firstSeq,
      long lastSeq,
      long readings,
      String reason,
      long reportedAtMs) {
    static GapJson of(DataGap g) {
      return new GapJson(
          g.id(),
          g.deviceId(),
          String.format("%016x", g.streamEpoch()),
          g.firstSeq(),
          g.lastSeq(),
          g.readings(),
          g.reason().name(),
          g.reportedAtMs());
    }
  }

  /** A JSON array of alerts. */
  public static byte[] alerts(List<Alert> alerts) {
    return write(alerts.stream().map(AlertJson::of).toList());
  }

  /** Any plain record (e.g. a stats snapshot) as a JSON object. */
  public static byte[] value(Record value) {
    return write(value);
  }

  /** {@code value} as a JSON object with one more field, {@code name}, holding {@code extra}. */
  public static byte[] valueWith(Record value, String name, Record extra) {
    ObjectNode node = MAPPER.valueToTree(value);
    node.set(name, MAPPER.valueToTree(extra));
    return write(node);
  }

  private static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  record RollupJson(
      String id,
      String deviceId,
      String metric,
      long windowStartMs,
      long windowMs,
      long count,
      double min,
      double max,
      double sum,
      double mean,
      double last,
      List<QuantileJson> quantiles,
      int revision) {
    static RollupJson of(Rollup r) {
      return new RollupJson(
          r.id(),
          r.deviceId(),
          r.metric(),
          r.windowStartMs(),
          r.windowMs(),
          r.count(),
          r.min(),
          r.max(),
          r.sum(),
          r.mean(),
          r.last(),
          r.quantiles().stream().map(q -> new QuantileJson(q.quantile(), q.value())).toList(),
          r.revision());
    }
  }

  /** One estimated quantile, e.g. {@code {"quantile":0.99,"value":21.4}}. */
  record QuantileJson(double quantile, double value) {}

  record AlertJson(
      String id,
      String deviceId,
      String metric,
      String kind,
      String severity,
      String state,
      double value,
      long eventTimeMs,
      String eventTime,
      long detectedAtMs,
      double score,
      String message) {
    static AlertJson of(Alert a) {
      return new AlertJson(
          a.id(),
          a.deviceId(),
          a.metric(),
          a.kind().name(),
          a.severity().name(),
          a.state().name(),
          a.value(),
          a.eventTimeMs(),
          Instant.ofEpochMilli(a.eventTimeMs()).toString(),
          a.detectedAtMs(),
          a.score(),
          a.message());
    }
  }
}
