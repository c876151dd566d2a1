package io.tern.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.deadletter.DeadLetter;
import io.tern.gateway.deadletter.DeadLetterJson;
import io.tern.gateway.deadletter.DeadLetters;
import io.tern.gateway.deadletter.RejectedMessage;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.ingest.DecodeResult.Rejected;
import io.tern.gateway.validation.ReceivedBatch;
import io.tern.gateway.validation.RejectionReason;
import io.tern.gateway.validation.TelemetryValidator;
import io.tern.gateway.validation.Validation;
import io.tern.gateway.validation.Validation.Accepted;
import io.tern.gateway.validation.Validation.MessageRejected;
import io.tern.gateway.validation.Validation.RejectedReading;
import io.tern.gateway.validation.ValidationRules;
import io.tern.gateway.validation.ValueRange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fuzz targets for what a device controls on the way in: telemetry payloads (decoder, validator,
 * dead letters) and status payloads on arbitrary bytes. Each checks the properties the rest of the
 * pipeline relies on, not just the absence of exceptions: a message is either refused with a reason
 * of the right scope, or every reading it carried is accounted for (taken or rejected with a
 * reason) and every taken reading meets the validator's rules. Topics: {@link TopicFuzzTest}.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the inputs in {@code IngestFuzzTestInputs/<method>/}
 * (test resources) as regression tests; docs/security.md says how to fuzz. The seeds are
 * TelemetryBatch / DeviceStatus encodings made with the generated Protobuf builders.
 */
class IngestFuzzTest {
  private static final String DEVICE = "dev-1";
  private static final String TOPIC = TelemetryDecoder.TOPIC_PREFIX + DEVICE;
  private static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);
  private static final ValidationRules RULES =
      new ValidationRules(
          100,
          Duration.ofMinutes(5),
          Duration.ofDays(30),
          true,
          Map.of("temp", new ValueRange(-40, 125)));
  private static final TelemetryValidator VALIDATOR =
      new TelemetryValidator(RULES, InstantSource.fixed(NOW));
  private static final int DEAD_LETTERS_PER_MESSAGE = 10;
  private static final Set<RejectionReason> STATUS_REASONS =
      Set.of(
          RejectionReason.INVALID_TOPIC,
          RejectionReason.DECODE_ERROR,
          RejectionReason.MISSING_FIELDS,
          RejectionReason.DEVICE_ID_MISMATCH);

  /** A telemetry payload from device {@code dev-1} on its own topic. */
  @FuzzTest
  void telemetry(byte[] payload) {
    RejectedMessage message =
        new RejectedMessage(DEVICE, DEVICE, TOPIC, NOW.toEpochMilli(), payload);
    DecodeResult decoded = TelemetryDecoder.decode(TOPIC, ByteBuffer.wrap(payload));
    if (decoded instanceof Rejected rejected) {
      assertThat(rejected.reason()).isEqualTo(RejectionReason.DECODE_ERROR);
      assertThat(rejected.detail()).isNotBlank();
      checkDeadLetter(DeadLetters.forMessage(message, rejected.reason(), rejected.detail()));
      return;
    }
    Decoded decodedMessage = (Decoded) decoded;
    assertThat(decodedMessage.deviceId()).isEqualTo(DEVICE);
    ReceivedBatch batch = decodedMessage.batch();
    Validation validation = VALIDATOR.validate(DEVICE, DEVICE, batch);
    if (validation instanceof MessageRejected rejected) {
      assertThat(rejected.reason().scope()).isEqualTo(RejectionReason.Scope.MESSAGE);
      assertThat(rejected.reason())
          .isNotIn(RejectionReason.INVALID_TOPIC, RejectionReason.DECODE_ERROR);
      assertThat(rejected.detail()).isNotBlank();
      checkDeadLetter(DeadLetters.forMessage(message, rejected.reason(), rejected.detail()));
    } else {
      checkAccepted(batch, (Accepted) validation, message);
    }
  }

  private static void checkAccepted(
      ReceivedBatch batch, Accepted accepted, RejectedMessage message) {
    // The message-level rules held.
    assertThat(batch.deviceId()).isEqualTo(DEVICE);
    assertThat(batch.streamEpoch()).isNotZero();
    assertThat(batch.readings().size()).isLessThanOrEqualTo(RULES.maxBatchReadings());
    assertThat(batch.readings().isEmpty() && batch.gaps().isEmpty()).isFalse();
    // No reading is lost silently: each one is taken or rejected with a reason.
    assertThat(accepted.readings().size() + accepted.rejected().size())
        .isEqualTo(batch.readings().size());
    long earliest = NOW.minus(RULES.maxEventAge()).toEpochMilli();
    long latest = NOW.plus(RULES.maxEventTimeAhead()).toEpochMilli();
    for (Reading reading : accepted.readings()) {
      assertThat(reading.deviceId()).isEqualTo(DEVICE);
      assertThat(reading.streamEpoch()).isEqualTo(batch.streamEpoch());
      assertThat(reading.metric()).matches(TelemetryValidator.METRIC_NAME).isIn(batch.metrics());
      assertThat(Double.isFinite(reading.value())).isTrue();
      assertThat(reading.eventTimeMs()).isBetween(earliest, latest);
      ValueRange range = RULES.valueRanges().get(reading.metric());
      assertThat(range == null || range.contains(reading.value())).isTrue();
    }
    Set<Long> seqs = batch.readings().stream().map(r -> r.seq()).collect(Collectors.toSet());
    for (RejectedReading rejected : accepted.rejected()) {
      assertThat(rejected.reason().scope()).isEqualTo(RejectionReason.Scope.READING);
      assertThat(rejected.detail()).isNotBlank();
      assertThat(rejected.seq()).isIn(seqs);
    }
    assertThat(accepted.gaps()).hasSameSizeAs(batch.gaps());
    for (DataGap gap : accepted.gaps()) {
      assertThat(gap.firstSeq()).isPositive().isLessThanOrEqualTo(gap.lastSeq());
    }
    if (!accepted.rejected().isEmpty()) {
      List<DeadLetter> letters =
          DeadLetters.forReadings(message, accepted.rejected(), DEAD_LETTERS_PER_MESSAGE);
      assertThat(letters).hasSize(Math.min(accepted.rejected().size(), DEAD_LETTERS_PER_MESSAGE));
      letters.forEach(IngestFuzzTest::checkDeadLetter);
    }
  }

  private static void checkDeadLetter(DeadLetter letter) {
    assertThat(DeadLetters.topic(letter)).isEqualTo(DeadLetters.TOPIC_PREFIX + DEVICE);
    assertThat(DeadLetterJson.encode(letter)).isNotEmpty();
  }

  /**
   * A status message as the interceptor and the will watcher see it: the topic is the input's first
   * line (UTF-8), the payload the bytes after it. Only topics under the status prefix reach the
   * decoder.
   */
  @FuzzTest
  void status(byte[] input) {
    int newline = indexOf(input, (byte) '\n');
    String topic = new String(input, 0, newline, StandardCharsets.UTF_8);
    byte[] payload = Arrays.copyOfRange(input, Math.min(newline + 1, input.length), input.length);
    if (!StatusDecoder.isStatus(topic)) {
      assertThat(topic).doesNotStartWith(StatusDecoder.TOPIC_PREFIX);
      return;
    }
    StatusDecoder.Result result = StatusDecoder.decode(topic, ByteBuffer.wrap(payload));
    if (result instanceof StatusDecoder.Result.Status status) {
      assertThat(status.deviceId()).isNotEmpty().doesNotContain("/");
      assertThat(topic).isEqualTo(StatusDecoder.TOPIC_PREFIX + status.deviceId());
    } else {
      StatusDecoder.Result.Rejected rejected = (StatusDecoder.Result.Rejected) result;
      assertThat(rejected.reason()).isIn(STATUS_REASONS);
      assertThat(rejected.detail()).isNotBlank();
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return bytes.length;
  }
}
