package io.tern.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.agent.batch.Batch;
import io.tern.agent.batch.Reading;
import io.tern.proto.v1.DeviceState;
import io.tern.proto.v1.DeviceStatus;
import io.tern.proto.v1.TelemetryBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryMapperTest {
  private static final List<Reading> READINGS =
      List.of(
          new Reading(41, "temp", 21.5, 1_700_000_000_500L),
          new Reading(42, "hum", 0.45, 1_700_000_000_400L), // earlier than the base: negative
          new Reading(43, "temp", -3.25, 1_700_000_001_500L),
          new Reading(44, "load1", Double.NaN, 1_700_000_002_000L));

  @Test
  void toProto_roundTripsExactly() throws Exception {
    TelemetryBatch proto =
        TelemetryMapper.toProto("dev-1", 0xCAFEBABE12345678L, new Batch(READINGS, true, 7), 99);

    TelemetryBatch decoded = TelemetryBatch.parseFrom(proto.toByteArray());

    assertThat(TelemetryMapper.readings(decoded)).isEqualTo(READINGS);
    assertThat(decoded.getDeviceId()).isEqualTo("dev-1");
    assertThat(decoded.getStreamEpoch()).isEqualTo(0xCAFEBABE12345678L);
    assertThat(decoded.getSentAtMs()).isEqualTo(99);
    assertThat(decoded.getBacklog()).isTrue();
  }

  @Test
  void toProto_usesDictionaryAndDeltas() {
    TelemetryBatch proto = TelemetryMapper.toProto("dev-1", 1, new Batch(READINGS, false, 7), 0);

    assertThat(proto.getMetricsList()).containsExactly("temp", "hum", "load1");
    assertThat(proto.getBaseSeq()).isEqualTo(41);
    assertThat(proto.getBaseTimeMs()).isEqualTo(1_700_000_000_500L);
    assertThat(proto.getReadingsList())
        .extracting(r -> r.getSeqOffset(), r -> r.getMetricIndex(), r -> r.getTimeOffsetMs())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 0, 0L),
            org.assertj.core.groups.Tuple.tuple(1, 1, -100L),
            org.assertj.core.groups.Tuple.tuple(2, 0, 1_000L),
            org.assertj.core.groups.Tuple.tuple(3, 2, 1_500L));
  }

  @Test
  void readings_badMetricIndex_isRejected() {
    TelemetryBatch bad =
        TelemetryBatch.newBuilder()
            .setBaseSeq(1)
            .addReadings(io.tern.proto.v1.Reading.newBuilder().setMetricIndex(3))
            .build();
    assertThatThrownBy(() -> TelemetryMapper.readings(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric index 3");
  }

  @Test
  void status_reportsBufferedReadings() {
    DeviceStatus status = TelemetryMapper.status("dev-1", false, 5, 120, 100, 1234, "dev");
    assertThat(status.getState()).isEqualTo(DeviceState.DEVICE_STATE_OFFLINE);
    assertThat(status.getBufferedReadings()).isEqualTo(20);
    assertThat(status.getLastSeq()).isEqualTo(120);
    assertThat(status.getAckedSeq()).isEqualTo(100);
  }
}
