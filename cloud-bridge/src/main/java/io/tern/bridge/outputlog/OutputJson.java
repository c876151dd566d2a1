package io.tern.bridge.outputlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tern.bridge.output.Output;
import io.tern.proto.v1.Alert;
import io.tern.proto.v1.DataGap;
import io.tern.proto.v1.Rollup;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of outputs, with the field names and value spellings of the gateway's MQTT outputs
 * (DESIGN.md contract): rollups {@code id, deviceId, metric, windowStartMs, windowMs, count, min,
 * max, sum, mean, last, quantiles, revision}; alerts {@code id, deviceId, metric, kind, severity,
 * state, value, eventTimeMs, eventTime, detectedAtMs, score, message} with the enum names without
 * their Protobuf prefix ({@code SPIKE}, {@code WARNING}, {@code RAISED}). Decodes the Protobuf
 * payload of an {@link Output}, so it lives beside the other Protobuf mapper. Thread-safe.
 */
public final class OutputJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private OutputJson() {}

  /** The metric name of a rollup or alert (part of MQTT topics); a gap report has none. */
  public static String metric(Output output) {
    return switch (output.kind()) {
      case ROLLUP -> rollup(output).getMetric();
      case ALERT -> alert(output).getMetric();
      case GAP -> throw new IllegalArgumentException("a gap report has no metric: " + output);
    };
  }

  /** One JSON object, exactly as the gateway publishes it on MQTT. */
  public static byte[] json(Output output) {
    return write(fields(output));
  }

  /**
   * One NDJSON line: {@code {"type":"rollup"|"alert", <the MQTT fields>}} followed by {@code \n}.
   */
  public static byte[] jsonLine(Output output) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", output.kind().name().toLowerCase(Locale.ROOT));
    line.putAll(fields(output));
    byte[] json = write(line);
    byte[] withNewline = Arrays.copyOf(json, json.length + 1);
    withNewline[json.length] = '\n';
    return withNewline;
  }

  private static Map<String, Object> fields(Output output) {
    return switch (output.kind()) {
      case ROLLUP -> rollupFields(rollup(output));
      case ALERT -> alertFields(alert(output));
      case GAP -> gapFields(gap(output));
    };
  }

  private static Map<String, Object> rollupFields(Rollup r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.getId());
    m.put("deviceId", r.getDeviceId());
    m.put("metric", r.getMetric());
    m.put("windowStartMs", r.getWindowStartMs());
    m.put("windowMs", r.getWindowMs());
    m.put("count", r.getCount());
    m.put("min", r.getMin());
    m.put("max", r.getMax());
    m.put("sum", r.getSum());
    m.put("mean", r.getMean());
    m.put("last", r.getLast());
    m.put(
        "quantiles",
        r.getQuantilesList().stream()
            .map(q -> Map.of("quantile", q.getQuantile(), "value", q.getValue()))
            .toList());
    m.put("revision", r.getRevision());
    return m;
  }

  private static Map<String, Object> alertFields(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.getId());
    m.put("deviceId", a.getDeviceId());
    m.put("metric", a.getMetric());
    m.put("kind", unprefixed(a.getKind().name(), "ALERT_KIND_"));
    m.put("severity", unprefixed(a.getSeverity().name(), "SEVERITY_"));
    m.put("state", unprefixed(a.getState().name(), "ALERT_STATE_"));
    m.put("value", a.getValue());
    m.put("eventTimeMs", a.getEventTimeMs());
    m.put("eventTime", Instant.ofEpochMilli(a.getEventTimeMs()).toString());
    m.put("detectedAtMs", a.getDetectedAtMs());
    m.put("score", a.getScore());
    m.put("message", a.getMessage());
    return m;
  }

  private static Map<String, Object> gapFields(DataGap g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", g.getId());
    m.put("deviceId", g.getDeviceId());
    m.put("streamEpoch", String.format("%016x", g.getStreamEpoch()));
    m.put("firstSeq", g.getFirstSeq());
    m.put("lastSeq", g.getLastSeq());
    m.put("readings", g.getLastSeq() - g.getFirstSeq() + 1);
    m.put("reason", unprefixed(g.getReason().name(), "GAP_REASON_"));
    m.put("reportedAtMs", g.getReportedAtMs());
    return m;
  }

  private static String unprefixed(String name, String prefix) {
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  private static Rollup rollup(Output output) {
    try {
      return Rollup.parseFrom(output.payload());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("payload of " + output + " is not a tern.v1.Rollup", e);
    }
  }

  private static DataGap gap(Output output) {
    try {
      return DataGap.parseFrom(output.payload());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("payload of " + output + " is not a tern.v1.DataGap", e);
    }
  }

  private static Alert alert(Output output) {
    try {
      return Alert.parseFrom(output.payload());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("payload of " + output + " is not a tern.v1.Alert", e);
    }
  }

  private static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
