package io.tern.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.ingest.DecodeResult.Rejected;
import io.tern.gateway.validation.ReceivedBatch;
import io.tern.gateway.validation.ReceivedBatch.ReceivedReading;
import io.tern.gateway.validation.RejectionReason;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.ByteBuffer;
import java.util.List;
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
  void decode_expandsBasesAndKeepsTheTopicDevice() {
    DecodeResult result = decode(TOPIC, batch());

    assertThat(result)
        .isEqualTo(
            new Decoded(
                "dev-1",
                new ReceivedBatch(
                    "dev-1",
                    -5,
                    List.of("temp", "hum"),
                    List.of(
                        new ReceivedReading(100, 0, 21.5, 1_000_000),
                        new ReceivedReading(101, 1, 40.0, 999_980),
                        new ReceivedReading(102, 0, 21.6, 1_001_000)))));
  }

  @Test
  void decode_unsignedOffsetsAndIndex() {
    DecodeResult result =
        decode(TOPIC, batch().clearReadings().addReadings(reading(-1, -1, 1.0, 0)));

    ReceivedReading reading = ((Decoded) result).batch().readings().get(0);
    assertThat(reading.seq()).isEqualTo(100 + 0xFFFF_FFFFL);
    assertThat(reading.metricIndex()).isEqualTo(0xFFFF_FFFFL);
  }

  @Test
  void decode_leavesInconsistenciesToTheValidator() {
    DecodeResult result = decode("tern/v1/telemetry/other", batch().clearDeviceId());

    assertThat(result).isInstanceOf(Decoded.class);
    assertThat(((Decoded) result).deviceId()).isEqualTo("other");
    assertThat(((Decoded) result).batch().deviceId()).isEmpty();
  }

  @Test
  void decode_notProtobuf() {
    DecodeResult result =
        TelemetryDecoder.decode(TOPIC, ByteBuffer.wrap(new byte[] {(byte) 0xff, 1, 2}));

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectionReason.DECODE_ERROR);
              assertThat(r.detail()).startsWith("not a TelemetryBatch: ");
            });
  }

  @Test
  void decode_aKnownFieldWithAnotherWireType_isADecodeError_anUnknownFieldIsIgnored() {
    // Reading.value (3, a double) sent as a varint: Protobuf would read the value as 0.0.
    TelemetryBatch.Builder misTyped = batch();
    misTyped.setReadings(
        1, misTyped.getReadings(1).toBuilder().clearValue().setUnknownFields(varint(3)));
    TelemetryBatch.Builder newer = batch().setUnknownFields(varint(99));

    assertThat(decode(TOPIC, misTyped))
        .isEqualTo(
            new Rejected(
                RejectionReason.DECODE_ERROR,
                "field tern.v1.Reading.value has the wrong wire type"));
    assertThat(decode(TOPIC, newer)).isEqualTo(decode(TOPIC, batch()));
  }

  @Test
  void decode_eventTimeSaturatesInsteadOfWrappingAround() {
    TelemetryBatch.Builder extremes =
        batch()
            .clearReadings()
            .setBaseTimeMs(Long.MAX_VALUE)
            .addReadings(reading(0, 0, 1.0, 1))
            .addReadings(reading(1, 0, 1.0, Long.MIN_VALUE));

    assertThat(((Decoded) decode(TOPIC, extremes)).batch().readings())
        .extracting(ReceivedReading::eventTimeMs)
        .containsExactly(Long.MAX_VALUE, -1L);
    assertThat(((Decoded) decode(TOPIC, extremes.setBaseTimeMs(-2))).batch().readings())
        .extracting(ReceivedReading::eventTimeMs)
        .containsExactly(-1L, Long.MIN_VALUE);
  }

  private static UnknownFieldSet varint(int number) {
    return UnknownFieldSet.newBuilder()
        .addField(number, UnknownFieldSet.Field.newBuilder().addVarint(42).build())
        .build();
  }

  @Test
  void decode_badTopics() {
    for (String topic : new String[] {"tern/v1/telemetry/", "tern/v1/telemetry/a/b"}) {
      assertThat(decode(topic, batch()))
          .isInstanceOfSatisfying(
              Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_TOPIC));
    }
  }

  @Test
  void isTelemetry_onlyTheTelemetryNamespace() {
    assertThat(TelemetryDecoder.isTelemetry(TOPIC)).isTrue();
    assertThat(TelemetryDecoder.isTelemetry("tern/v1/status/dev-1")).isFalse();
    assertThat(TelemetryDecoder.isTelemetry("tern/v1/telemetryx")).isFalse();
  }
}
