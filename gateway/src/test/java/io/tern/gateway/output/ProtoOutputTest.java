package io.tern.gateway.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Severity;
import io.tern.proto.v1.GatewayOutput;
import org.junit.jupiter.api.Test;

class ProtoOutputTest {

  @Test
  void rollup_mapsEveryField() {
    GatewayOutput output = ProtoOutput.of(JsonOutputTest.ROLLUP);

    assertThat(output.hasRollup()).isTrue();
    io.tern.proto.v1.Rollup r = output.getRollup();
    assertThat(r.getId()).isEqualTo("d/t/1700000000000/10000");
    assertThat(r.getDeviceId()).isEqualTo("d");
    assertThat(r.getMetric()).isEqualTo("t");
    assertThat(r.getWindowStartMs()).isEqualTo(1_700_000_000_000L);
    assertThat(r.getWindowMs()).isEqualTo(10_000);
    assertThat(r.getCount()).isEqualTo(4);
    assertThat(new double[] {r.getMin(), r.getMax(), r.getSum(), r.getMean(), r.getLast()})
        .containsExactly(1.0, 4.0, 10.0, 2.5, 3.0);
    assertThat(r.getQuantilesList())
        .extracting(q -> q.getQuantile(), q -> q.getValue())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0.5, 2.0),
            org.assertj.core.groups.Tuple.tuple(0.99, 4.0));
    assertThat(r.getRevision()).isZero();
  }

  @Test
  void alert_mapsEveryField() {
    GatewayOutput output = ProtoOutput.of(JsonOutputTest.ALERT);

    assertThat(output.hasAlert()).isTrue();
    io.tern.proto.v1.Alert a = output.getAlert();
    assertThat(a.getId()).isEqualTo("d/t/SPIKE/1700000040000");
    assertThat(a.getKind()).isEqualTo(io.tern.proto.v1.AlertKind.ALERT_KIND_SPIKE);
    assertThat(a.getSeverity()).isEqualTo(io.tern.proto.v1.Severity.SEVERITY_CRITICAL);
    assertThat(a.getState()).isEqualTo(io.tern.proto.v1.AlertState.ALERT_STATE_RAISED);
    assertThat(a.getValue()).isEqualTo(97.3);
    assertThat(a.getEventTimeMs()).isEqualTo(1_700_000_040_000L);
    assertThat(a.getDetectedAtMs()).isEqualTo(1_700_000_041_234L);
    assertThat(a.getScore()).isEqualTo(0.75);
    assertThat(a.getMessage()).startsWith("value 97.3");
  }

  @Test
  void everyEnumValue_hasAProtoValue() {
    for (AlertKind kind : AlertKind.values()) {
      assertThat(ProtoOutput.kind(kind).name()).isEqualTo("ALERT_KIND_" + kind.name());
    }
    for (Severity severity : Severity.values()) {
      assertThat(ProtoOutput.severity(severity).name()).isEqualTo("SEVERITY_" + severity.name());
    }
    for (AlertState state : AlertState.values()) {
      assertThat(ProtoOutput.state(state).name()).isEqualTo("ALERT_STATE_" + state.name());
    }
  }
}
