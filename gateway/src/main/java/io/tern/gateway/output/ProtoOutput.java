package io.tern.gateway.output;

import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Severity;
import io.tern.proto.v1.Alert;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.Quantile;
import io.tern.proto.v1.Rollup;

/** The one mapper from core records to the Protobuf {@link GatewayOutput}. Thread-safe. */
public final class ProtoOutput {

  private ProtoOutput() {}

  public static GatewayOutput of(io.tern.gateway.core.model.Rollup r) {
    Rollup rollup =
        Rollup.newBuilder()
            .setId(r.id())
            .setDeviceId(r.deviceId())
            .setMetric(r.metric())
            .setWindowStartMs(r.windowStartMs())
            .setWindowMs(r.windowMs())
            .setCount(r.count())
            .setMin(r.min())
            .setMax(r.max())
            .setSum(r.sum())
            .setMean(r.mean())
            .setLast(r.last())
            .addAllQuantiles(
                r.quantiles().stream()
                    .map(
                        q ->
                            Quantile.newBuilder()
                                .setQuantile(q.quantile())
                                .setValue(q.value())
                                .build())
                    .toList())
            .setRevision(r.revision())
            .build();
    return GatewayOutput.newBuilder().setRollup(rollup).build();
  }

  public static GatewayOutput of(io.tern.gateway.core.model.Alert a) {
    Alert alert =
        Alert.newBuilder()
            .setId(a.id())
            .setDeviceId(a.deviceId())
            .setMetric(a.metric())
            .setKind(kind(a.kind()))
            .setSeverity(severity(a.severity()))
            .setState(state(a.state()))
            .setValue(a.value())
            .setEventTimeMs(a.eventTimeMs())
            .setDetectedAtMs(a.detectedAtMs())
            .setScore(a.score())
            .setMessage(a.message())
            .build();
    return GatewayOutput.newBuilder().setAlert(alert).build();
  }

  public static GatewayOutput of(DataGap g) {
    io.tern.proto.v1.DataGap gap =
        io.tern.proto.v1.DataGap.newBuilder()
            .setId(g.id())
            .setDeviceId(g.deviceId())
            .setStreamEpoch(g.streamEpoch())
            .setFirstSeq(g.firstSeq())
            .setLastSeq(g.lastSeq())
            .setReason(io.tern.proto.v1.GapReason.forNumber(g.reason().ordinal()))
            .setReportedAtMs(g.reportedAtMs())
            .build();
    return GatewayOutput.newBuilder().setGap(gap).build();
  }

  static io.tern.proto.v1.AlertKind kind(AlertKind kind) {
    return switch (kind) {
      case THRESHOLD -> io.tern.proto.v1.AlertKind.ALERT_KIND_THRESHOLD;
      case SPIKE -> io.tern.proto.v1.AlertKind.ALERT_KIND_SPIKE;
      case LEVEL_SHIFT -> io.tern.proto.v1.AlertKind.ALERT_KIND_LEVEL_SHIFT;
      case STUCK -> io.tern.proto.v1.AlertKind.ALERT_KIND_STUCK;
      case RATE -> io.tern.proto.v1.AlertKind.ALERT_KIND_RATE;
      case OFFLINE -> io.tern.proto.v1.AlertKind.ALERT_KIND_OFFLINE;
      case DRIFT -> io.tern.proto.v1.AlertKind.ALERT_KIND_DRIFT;
    };
  }

  static io.tern.proto.v1.Severity severity(Severity severity) {
    return switch (severity) {
      case INFO -> io.tern.proto.v1.Severity.SEVERITY_INFO;
      case WARNING -> io.tern.proto.v1.Severity.SEVERITY_WARNING;
      case CRITICAL -> io.tern.proto.v1.Severity.SEVERITY_CRITICAL;
    };
  }

  static io.tern.proto.v1.AlertState state(AlertState state) {
    return switch (state) {
      case RAISED -> io.tern.proto.v1.AlertState.ALERT_STATE_RAISED;
      case CLEARED -> io.tern.proto.v1.AlertState.ALERT_STATE_CLEARED;
    };
  }
}
