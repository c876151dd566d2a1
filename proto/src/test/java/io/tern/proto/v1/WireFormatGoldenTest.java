package io.tern.proto.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the encoding of the tern.v1 messages. If one of these fails, the wire format changed: that
 * is a breaking change for deployed agents and gateways unless it follows proto/README.md.
 */
class WireFormatGoldenTest {

  private static final HexFormat HEX = HexFormat.of();

  static TelemetryBatch sampleBatch() {
    return TelemetryBatch.newBuilder()
        .setDeviceId("pump-7")
        .setStreamEpoch(0x1122334455667788L)
        .setBaseSeq(1000)
        .setBaseTimeMs(1_767_225_600_000L) // 2026-01-01T00:00:00Z
        .addMetrics("temp_c")
        .addMetrics("rpm")
        .addReadings(Reading.newBuilder().setMetricIndex(0).setValue(21.5))
        .addReadings(
            Reading.newBuilder()
                .setSeqOffset(1)
                .setMetricIndex(1)
                .setValue(1450.0)
                .setTimeOffsetMs(-250))
        .setSentAtMs(1_767_225_600_900L)
        .build();
  }

  static final String BATCH_HEX =
      "0a0670756d702d3711887766554433221118e8072080d0eab6b7332a0674656d705f632a0372706d32091900000000"
          + "00803540321008011001190000000000a8964020f3033884d7eab6b733";

  @Test
  void telemetryBatch_encodesToPinnedBytes() {
    assertThat(HEX.formatHex(sampleBatch().toByteArray())).isEqualTo(BATCH_HEX);
  }

  @Test
  void telemetryBatch_pinnedBytesDecodeToSameReadings() throws Exception {
    TelemetryBatch decoded = TelemetryBatch.parseFrom(HEX.parseHex(BATCH_HEX));

    assertThat(decoded.getDeviceId()).isEqualTo("pump-7");
    assertThat(decoded.getStreamEpoch()).isEqualTo(0x1122334455667788L);
    Reading second = decoded.getReadings(1);
    assertThat(decoded.getBaseSeq() + second.getSeqOffset()).isEqualTo(1001);
    assertThat(decoded.getMetrics(second.getMetricIndex())).isEqualTo("rpm");
    assertThat(second.getValue()).isEqualTo(1450.0);
    assertThat(decoded.getBaseTimeMs() + second.getTimeOffsetMs()).isEqualTo(1_767_225_599_750L);
  }

  @Test
  void telemetryBatch_hundredReadingsOfThreeMetricsCostUnderTwentyBytesEach() {
    TelemetryBatch.Builder batch =
        TelemetryBatch.newBuilder()
            .setDeviceId("site-42-compressor-0017")
            .setStreamEpoch(-7_305_165_239_018_276_235L)
            .setBaseSeq(123_456_789L)
            .setBaseTimeMs(1_767_225_600_000L)
            .addMetrics("discharge_temperature_c")
            .addMetrics("suction_pressure_kpa")
            .addMetrics("vibration_rms_mm_s")
            .setSentAtMs(1_767_225_610_000L);
    for (int i = 0; i < 100; i++) {
      batch.addReadings(
          Reading.newBuilder()
              .setSeqOffset(i)
              .setMetricIndex(i % 3)
              .setValue(20.0 + Math.sin(i) * 3.3)
              .setTimeOffsetMs(i / 3 * 100L));
    }

    // Names sent once per batch: ~17 bytes a reading. Repeating the 20-character names would cost
    // ~40.
    int bytes = batch.build().getSerializedSize();

    assertThat(bytes / 100.0).isLessThan(20.0);
  }

  @Test
  void alert_encodesToPinnedBytes() {
    Alert alert =
        Alert.newBuilder()
            .setId("pump-7/rpm/SPIKE/1767225600000")
            .setDeviceId("pump-7")
            .setMetric("rpm")
            .setKind(AlertKind.ALERT_KIND_SPIKE)
            .setSeverity(Severity.SEVERITY_WARNING)
            .setState(AlertState.ALERT_STATE_RAISED)
            .setValue(4200.0)
            .setEventTimeMs(1_767_225_600_000L)
            .setDetectedAtMs(1_767_225_600_120L)
            .setScore(0.97)
            .setMessage("spike")
            .build();

    assertThat(HEX.formatHex(GatewayOutput.newBuilder().setAlert(alert).build().toByteArray()))
        .isEqualTo(ALERT_OUTPUT_HEX);
  }

  static final String ALERT_OUTPUT_HEX =
      "125a0a1e70756d702d372f72706d2f5350494b452f31373637323235363030303030120670756d702d371a0372706d"
          + "20022802300139000000000068b0404080d0eab6b73348f8d0eab6b733510ad7a3703d0aef3f5a057370696b65";

  @Test
  void rollup_encodesToPinnedBytes() {
    Rollup rollup =
        Rollup.newBuilder()
            .setId("pump-7/rpm/1767225600000/10000")
            .setDeviceId("pump-7")
            .setMetric("rpm")
            .setWindowStartMs(1_767_225_600_000L)
            .setWindowMs(10_000)
            .setCount(4)
            .setMin(1400)
            .setMax(1500)
            .setSum(5800)
            .setMean(1450)
            .setLast(1500)
            .addQuantiles(Quantile.newBuilder().setQuantile(0.5).setValue(1450))
            .setRevision(1)
            .build();

    assertThat(HEX.formatHex(GatewayOutput.newBuilder().setRollup(rollup).build().toByteArray()))
        .isEqualTo(ROLLUP_OUTPUT_HEX);
  }

  static final String ROLLUP_OUTPUT_HEX =
      "0a7c0a1e70756d702d372f72706d2f313736373232353630303030302f3130303030120670756d702d371a0372706d"
          + "2080d0eab6b73328904e3004390000000000e09540410000000000709740490000000000a8b64051000000000"
          + "0a89640590000000000709740621209000000000000e03f110000000000a896406801";

  @Test
  void deviceStatus_encodesToPinnedBytes() {
    DeviceStatus status =
        DeviceStatus.newBuilder()
            .setDeviceId("pump-7")
            .setState(DeviceState.DEVICE_STATE_OFFLINE)
            .setAgentVersion("0.1.0")
            .setStreamEpoch(0x1122334455667788L)
            .setTimestampMs(1_767_225_600_000L)
            .setBufferedReadings(12)
            .setBufferedBytes(480)
            .setBufferFill(0.25)
            .setLastSeq(1012)
            .setAckedSeq(1000)
            .build();

    assertThat(HEX.formatHex(status.toByteArray())).isEqualTo(STATUS_HEX);
  }

  static final String STATUS_HEX =
      "0a0670756d702d3710021a05302e312e302188776655443322112880d0eab6b733300c38e00341000000000000d03f"
          + "48f40750e807";
}
