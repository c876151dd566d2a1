package io.tern.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.GapReason;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.validation.ReceivedBatch.ReceivedGap;
import io.tern.gateway.validation.ReceivedBatch.ReceivedReading;
import io.tern.gateway.validation.Validation.Accepted;
import io.tern.gateway.validation.Validation.MessageRejected;
import io.tern.gateway.validation.Validation.RejectedReading;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryValidatorTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final String DEVICE = "dev-1";
  private static final ValidationRules RULES =
      new ValidationRules(
          5,
          Duration.ofMinutes(5),
          Duration.ofDays(30),
          true,
          Map.of("humidity", ValueRange.parse("0..100")));
  private static final TelemetryValidator VALIDATOR =
      new TelemetryValidator(RULES, InstantSource.fixed(Instant.ofEpochMilli(NOW)));
  private static final Set<RejectionReason> COVERED =
      Collections.synchronizedSet(EnumSet.noneOf(RejectionReason.class));

  private static ReceivedReading good(long seq) {
    return new ReceivedReading(seq, 0, 20.0 + seq, NOW - 1000 + seq);
  }

  private static ReceivedBatch batch(ReceivedReading bad) {
    return new ReceivedBatch(
        DEVICE, 42, List.of("temperature", "humidity", "bad/name"), List.of(good(1), bad, good(3)));
  }

  private static ReceivedBatch withReadings(int count) {
    List<ReceivedReading> readings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      readings.add(good(i));
    }
    return new ReceivedBatch(DEVICE, 42, List.of("temperature"), readings);
  }

  /** One row per reason: a message that is fine except for that one problem. */
  static Stream<Arguments> badInputs() {
    ReceivedBatch fine = batch(good(2));
    return Stream.of(
        arguments(
            RejectionReason.MISSING_FIELDS,
            DEVICE,
            DEVICE,
            new ReceivedBatch("", 42, fine.metrics(), fine.readings())),
        arguments(
            RejectionReason.MISSING_FIELDS,
            DEVICE,
            DEVICE,
            new ReceivedBatch(DEVICE, 0, fine.metrics(), fine.readings())),
        arguments(
            RejectionReason.MISSING_FIELDS,
            DEVICE,
            DEVICE,
            new ReceivedBatch(DEVICE, 42, fine.metrics(), List.of())),
        arguments(
            RejectionReason.INVALID_GAP,
            DEVICE,
            DEVICE,
            new ReceivedBatch(
                DEVICE, 42, fine.metrics(), fine.readings(), List.of(new ReceivedGap(9, 8, 1)))),
        arguments(
            RejectionReason.INVALID_GAP,
            DEVICE,
            DEVICE,
            new ReceivedBatch(DEVICE, 42, List.of(), List.of(), List.of(new ReceivedGap(0, 8, 1)))),
        arguments(RejectionReason.DEVICE_ID_MISMATCH, "dev-2", "dev-2", fine),
        arguments(RejectionReason.CLIENT_ID_MISMATCH, DEVICE, "someone-else", fine),
        arguments(RejectionReason.OVERSIZED_BATCH, DEVICE, DEVICE, withReadings(6)),
        arguments(
            RejectionReason.METRIC_INDEX_OUT_OF_RANGE,
            DEVICE,
            DEVICE,
            batch(new ReceivedReading(2, 3, 1.0, NOW))),
        arguments(
            RejectionReason.INVALID_METRIC_NAME,
            DEVICE,
            DEVICE,
            batch(new ReceivedReading(2, 2, 1.0, NOW))),
        arguments(
            RejectionReason.NON_FINITE_VALUE,
            DEVICE,
            DEVICE,
            batch(new ReceivedReading(2, 0, Double.NaN, NOW))),
        arguments(
            RejectionReason.NON_FINITE_VALUE,
            DEVICE,
            DEVICE,
            batch(new ReceivedReading(2, 0, Double.NEGATIVE_INFINITY, NOW))),
        arguments(
            RejectionReason.VALUE_OUT_OF_RANGE,
            DEVICE,
            DEVICE,
            batch(new ReceivedReading(2, 1, 100.5, NOW))),
        arguments(
            RejectionReason.FUTURE_EVENT_TIME,
            DEVICE,
            DEVICE,
            batch(new ReceivedReading(2, 0, 1.0, NOW + Duration.ofMinutes(5).toMillis() + 1))),
        arguments(
            RejectionReason.STALE_EVENT_TIME,
            DEVICE,
            DEVICE,
            batch(new ReceivedReading(2, 0, 1.0, NOW - Duration.ofDays(30).toMillis() - 1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInput_isRejectedWithItsReason(
      RejectionReason reason, String topicDevice, String clientId, ReceivedBatch batch) {
    Validation validation = VALIDATOR.validate(topicDevice, clientId, batch);

    if (reason.scope() == RejectionReason.Scope.MESSAGE) {
      assertThat(validation)
          .isInstanceOfSatisfying(
              MessageRejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
    } else {
      // Only the bad reading (seq 2) is rejected; its neighbours go on.
      assertThat(validation)
          .isInstanceOfSatisfying(
              Accepted.class,
              a -> {
                assertThat(a.rejected())
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.reason()).isEqualTo(reason);
                          assertThat(r.seq()).isEqualTo(2);
                          assertThat(r.detail()).isNotBlank();
                        });
                assertThat(a.readings()).extracting(Reading::seq).containsExactly(1L, 3L);
              });
    }
    COVERED.add(reason);
  }

  @AfterAll
  static void everyReasonButTheDecodersHasARow() {
    assertThat(COVERED)
        .containsAll(
            EnumSet.complementOf(
                EnumSet.of(RejectionReason.INVALID_TOPIC, RejectionReason.DECODE_ERROR)));
  }

  @Test
  void aMessageWithGapsAndNoReadings_isAccepted() {
    Validation validation =
        VALIDATOR.validate(
            DEVICE,
            DEVICE,
            new ReceivedBatch(
                DEVICE,
                42,
                List.of(),
                List.of(),
                List.of(new ReceivedGap(3, 7, 1), new ReceivedGap(9, 9, 77))));

    assertThat(validation).isInstanceOf(Accepted.class);
    assertThat(((Accepted) validation).readings()).isEmpty();
    assertThat(((Accepted) validation).rejected()).isEmpty();
    assertThat(((Accepted) validation).gaps())
        .containsExactly(
            new DataGap(DEVICE, 42, 3, 7, GapReason.BUDGET_BYTES, NOW),
            new DataGap(DEVICE, 42, 9, 9, GapReason.UNSPECIFIED, NOW));
  }

  @Test
  void goodMessage_becomesCoreReadings() {
    Validation validation = VALIDATOR.validate(DEVICE, DEVICE, batch(good(2)));

    assertThat(validation)
        .isEqualTo(
            new Accepted(
                List.of(
                    new Reading(DEVICE, 42, 1, "temperature", 21.0, NOW - 999),
                    new Reading(DEVICE, 42, 2, "temperature", 22.0, NOW - 998),
                    new Reading(DEVICE, 42, 3, "temperature", 23.0, NOW - 997)),
                List.of()));
  }

  @Test
  void limitsAreInclusive() {
    ReceivedBatch edges =
        new ReceivedBatch(
            DEVICE,
            42,
            List.of("humidity", "a.B-c_9"),
            List.of(
                new ReceivedReading(1, 0, 0.0, NOW + Duration.ofMinutes(5).toMillis()),
                new ReceivedReading(2, 0, 100.0, NOW - Duration.ofDays(30).toMillis()),
                new ReceivedReading(3, 1, -1e300, NOW)));

    Validation validation = VALIDATOR.validate(DEVICE, DEVICE, edges);

    assertThat(((Accepted) validation).rejected()).isEmpty();
    assertThat(VALIDATOR.validate(DEVICE, DEVICE, withReadings(5))).isInstanceOf(Accepted.class);
  }

  @Test
  void allReadingsBad_isStillAcceptedWithNothingToPass() {
    ReceivedBatch allNaN =
        new ReceivedBatch(
            DEVICE,
            42,
            List.of("temperature"),
            List.of(
                new ReceivedReading(1, 0, Double.NaN, NOW),
                new ReceivedReading(2, 0, Double.NaN, NOW)));

    Accepted accepted = (Accepted) VALIDATOR.validate(DEVICE, DEVICE, allNaN);

    assertThat(accepted.readings()).isEmpty();
    assertThat(accepted.rejected())
        .extracting(RejectedReading::reason)
        .containsOnly(RejectionReason.NON_FINITE_VALUE);
  }

  @Test
  void metricNames_ofLength64AreFine_65AreNot() {
    assertThat(TelemetryValidator.METRIC_NAME.matcher("m".repeat(64)).matches()).isTrue();
    assertThat(TelemetryValidator.METRIC_NAME.matcher("m".repeat(65)).matches()).isFalse();
    assertThat(TelemetryValidator.METRIC_NAME.matcher("").matches()).isFalse();
    assertThat(TelemetryValidator.METRIC_NAME.matcher("temp rature").matches()).isFalse();
  }

  @Test
  void clientIdCheck_canBeTurnedOff() {
    TelemetryValidator lenient =
        new TelemetryValidator(
            new ValidationRules(5, Duration.ZERO, Duration.ofDays(1), false, Map.of()),
            InstantSource.fixed(Instant.ofEpochMilli(NOW)));

    assertThat(lenient.validate(DEVICE, "gateway-bridge", withReadings(2)))
        .isInstanceOf(Accepted.class);
  }

  @Test
  void extremeEventTimes_doNotOverflow() {
    ReceivedBatch extremes =
        new ReceivedBatch(
            DEVICE,
            42,
            List.of("temperature"),
            List.of(
                new ReceivedReading(1, 0, 1.0, Long.MAX_VALUE),
                new ReceivedReading(2, 0, 1.0, Long.MIN_VALUE)));
    TelemetryValidator unbounded =
        new TelemetryValidator(
            new ValidationRules(
                5,
                Duration.ofMillis(Long.MAX_VALUE),
                Duration.ofMillis(Long.MAX_VALUE),
                true,
                Map.of()),
            InstantSource.fixed(Instant.ofEpochMilli(NOW)));

    assertThat(((Accepted) VALIDATOR.validate(DEVICE, DEVICE, extremes)).rejected())
        .extracting(RejectedReading::reason)
        .containsExactly(RejectionReason.FUTURE_EVENT_TIME, RejectionReason.STALE_EVENT_TIME);
    // now + "forever" saturates instead of wrapping around to the past.
    assertThat(((Accepted) unbounded.validate(DEVICE, DEVICE, extremes)).readings())
        .extracting(Reading::seq)
        .containsExactly(1L);
  }
}
