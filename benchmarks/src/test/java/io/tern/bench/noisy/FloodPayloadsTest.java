package io.tern.bench.noisy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.ingest.DecodeResult;
import io.tern.gateway.ingest.TelemetryDecoder;
import io.tern.gateway.validation.RejectionReason;
import io.tern.gateway.validation.TelemetryValidator;
import io.tern.gateway.validation.Validation;
import io.tern.gateway.validation.ValidationRules;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flood's messages, run through the gateway's real decoder and validator. */
class FloodPayloadsTest {
  private static final String FLOODER = "noisy-flooder";
  private static final List<String> VICTIMS = List.of("bench-00000", "bench-00001");
  private static final long NOW_MS = 1_790_000_000_000L;
  private final TelemetryValidator validator =
      new TelemetryValidator(
          ValidationRules.DEFAULTS, InstantSource.fixed(Instant.ofEpochMilli(NOW_MS)));

  private static List<FloodMessage> messages(long seed, int count) {
    FloodPayloads payloads = new FloodPayloads(FLOODER, VICTIMS, seed);
    List<FloodMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(payloads.next(NOW_MS));
    }
    return messages;
  }

  private static List<FloodMessage> ofKind(FloodKind kind) {
    return messages(7, 500).stream().filter(m -> m.kind() == kind).toList();
  }

  private static DecodeResult decode(FloodMessage m) {
    return TelemetryDecoder.decode(m.topic(), ByteBuffer.wrap(m.payload()));
  }

  private Validation validate(FloodMessage m) {
    DecodeResult.Decoded decoded = (DecodeResult.Decoded) decode(m);
    return validator.validate(decoded.deviceId(), FLOODER, decoded.batch());
  }

  @Test
  void kindsTakeTurns_soTheMixIsEven() {
    List<FloodKind> kinds = messages(1, 10).stream().map(FloodMessage::kind).toList();

    assertThat(kinds.subList(0, 5)).containsExactly(FloodKind.values());
    assertThat(kinds.subList(5, 10)).containsExactly(FloodKind.values());
  }

  @Test
  void sameSeed_sameBytes_otherSeed_otherBytes() {
    byte[] first = messages(3, 1).get(0).payload();

    assertThat(messages(3, 1).get(0).payload()).isEqualTo(first);
    assertThat(messages(4, 1).get(0).payload()).isNotEqualTo(first);
  }

  @Test
  void garbage_isBoundedRandomBytes_onTheFloodersTopic() {
    assertThat(ofKind(FloodKind.GARBAGE))
        .hasSize(100)
        .allSatisfy(
            m -> {
              assertThat(m.topic()).isEqualTo("tern/v1/telemetry/" + FLOODER);
              assertThat(m.payload().length).isBetween(1, FloodPayloads.MAX_GARBAGE_BYTES);
            });
  }

  @Test
  void malformedProtobuf_isAlwaysADecodeError() {
    assertThat(ofKind(FloodKind.MALFORMED_PROTOBUF))
        .allSatisfy(
            m ->
                assertThat(decode(m))
                    .isInstanceOfSatisfying(
                        DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.DECODE_ERROR)));
  }

  @Test
  void spoofedTopic_isAVictimsBatchOnItsTopic_refusedForTheClientId() {
    assertThat(ofKind(FloodKind.SPOOFED_TOPIC))
        .allSatisfy(
            m -> {
              assertThat(VICTIMS).contains(TelemetryDecoder.deviceIdOf(m.topic()));
              assertRejected(validate(m), RejectionReason.CLIENT_ID_MISMATCH);
            });
  }

  @Test
  void spoofedPayload_namesAVictimOnTheFloodersTopic() {
    assertThat(ofKind(FloodKind.SPOOFED_PAYLOAD))
        .allSatisfy(
            m -> {
              assertThat(TelemetryDecoder.deviceIdOf(m.topic())).isEqualTo(FLOODER);
              assertRejected(validate(m), RejectionReason.DEVICE_ID_MISMATCH);
            });
  }

  @Test
  void nonFinite_isTakenWithEveryReadingRejected() {
    assertThat(ofKind(FloodKind.NON_FINITE))
        .allSatisfy(
            m ->
                assertThat(validate(m))
                    .isInstanceOfSatisfying(
                        Validation.Accepted.class,
                        a -> {
                          assertThat(a.readings()).isEmpty();
                          assertThat(a.rejected())
                              .hasSize(FloodPayloads.READINGS)
                              .allSatisfy(
                                  r ->
                                      assertThat(r.reason())
                                          .isEqualTo(RejectionReason.NON_FINITE_VALUE));
                        }));
  }

  private static void assertRejected(Validation validation, RejectionReason reason) {
    assertThat(validation)
        .isInstanceOfSatisfying(
            Validation.MessageRejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }
}
