package io.tern.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.model.Reading;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.ingest.DecodeResult.Reason;
import io.tern.gateway.ingest.DecodeResult.Rejected;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TelemetryDecoderTest {
  private static final String TOPIC = "tern/v1/telemetry/dev-1";

  private static TelemetryBatch.Builder batch() {
    return TelemetryBatch.newBuilder()
        .setDeviceId("dev-1")
        .setStreamEpoch(-5)
        .setBaseSeq(100)
        .setBaseTimeMs(1_000_000)
        .addMetrics("temp")
        .addMetrics("hum")
        .addReadings(reading(0, 0, 21.5, 0))
        .addReadings(reading(1, 1, 40.0, -20))
        .addReadings(reading(2, 0, 21.6, 1000));
  }

  private static io.tern.proto.v1.Reading reading(int seqOffset, int metric, double v, long dt) {
    return io.tern.proto.v1.Reading.newBuilder()
        .setSeqOffset(seqOffset)
        .setMetricIndex(metric)
        .setValue(v)
        .setTimeOffsetMs(dt)
        .build();
  }

  private static DecodeResult decode(String topic, TelemetryBatch.Builder batch) {
    return TelemetryDecoder.decode(topic, ByteBuffer.wrap(batch.build().toByteArray()));
  }

  @Test
  void decode_expandsBasesAndMetricIndex() {
    DecodeResult result = decode(TOPIC, batch());

    assertThat(result).isInstanceOf(Decoded.class);
    IngestBatch batch = ((Decoded) result).batch();
    assertThat(batch.deviceId()).isEqualTo("dev-1");
    assertThat(batch.readings())
        .containsExactly(
            new Reading("dev-1", -5, 100, "temp", 21.5, 1_000_000),
            new Reading("dev-1", -5, 101, "hum", 40.0, 999_980),
            new Reading("dev-1", -5, 102, "temp", 21.6, 1_001_000));
  }

  @Test
  void decode_emptyDeviceId_takesTheTopicDevice() {
    DecodeResult result = decode(TOPIC, batch().clearDeviceId());

    assertThat(((Decoded) result).batch().readings()).allMatch(r -> r.deviceId().equals("dev-1"));
  }

  @Test
  void decode_notProtobuf() {
    DecodeResult result =
        TelemetryDecoder.decode(TOPIC, ByteBuffer.wrap(new byte[] {(byte) 0xff, 1, 2}));

    assertThat(result).isInstanceOf(Rejected.class);
    assertThat(((Rejected) result).reason()).isEqualTo(Reason.BAD_PAYLOAD);
  }

  @Test
  void decode_deviceMismatch() {
    assertThat(decode("tern/v1/telemetry/other", batch()))
        .isEqualTo(
            new Rejected(
                Reason.BAD_PAYLOAD, "device_id 'dev-1' does not match topic device 'other'"));
  }

  @Test
  void decode_badTopics() {
    for (String topic : new String[] {"tern/v1/telemetry/", "tern/v1/telemetry/a/b"}) {
      assertThat(decode(topic, batch()))
          .isInstanceOfSatisfying(
              Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_TOPIC));
    }
  }

  @Test
  void decode_metricIndexOutOfRange() {
    assertThat(decode(TOPIC, batch().addReadings(reading(3, 2, 1.0, 0))))
        .isEqualTo(new Rejected(Reason.BAD_PAYLOAD, "reading 3 has metric_index 2 out of range"));
  }

  @Test
  void decode_nonFiniteValue() {
    assertThat(decode(TOPIC, batch().addReadings(reading(3, 0, Double.NaN, 0))))
        .isInstanceOf(Rejected.class);
  }

  @Test
  void decode_metricNameThatCannotBeATopicLevel() {
    assertThat(decode(TOPIC, batch().setMetrics(1, "a/b"))).isInstanceOf(Rejected.class);
    assertThat(decode(TOPIC, batch().setMetrics(1, "#"))).isInstanceOf(Rejected.class);
    assertThat(decode(TOPIC, batch().setMetrics(1, ""))).isInstanceOf(Rejected.class);
  }

  @Test
  void isTelemetry_onlyTheTelemetryNamespace() {
    assertThat(TelemetryDecoder.isTelemetry(TOPIC)).isTrue();
    assertThat(TelemetryDecoder.isTelemetry("tern/v1/status/dev-1")).isFalse();
    assertThat(TelemetryDecoder.isTelemetry("tern/v1/telemetryx")).isFalse();
  }
}
