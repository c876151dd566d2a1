package io.tern.gateway.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tern.gateway.status.ActiveAlerts;
import io.tern.gateway.status.GatewayMetrics;
import io.tern.gateway.validation.RejectionReason;
import io.tern.gateway.validation.Validation.RejectedReading;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PAYLOAD = "original bytes".getBytes(StandardCharsets.UTF_8);
  private static final RejectedMessage MESSAGE =
      new RejectedMessage("dev-1", "dev-1", "tern/v1/telemetry/dev-1", 1234, PAYLOAD);

  private record Sent(String topic, String reason, JsonNode json) {}

  private final List<Sent> sent = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry, new ActiveAlerts());
  private final DeadLetterPublisher publisher =
      new DeadLetterPublisher(3, metrics, registry, this::record);

  private void record(String topic, String reason, byte[] json) {
    try {
      sent.add(new Sent(topic, reason, JSON.readTree(json)));
    } catch (java.io.IOException e) {
      throw new AssertionError("dead letter is not JSON", e);
    }
  }

  private static RejectedReading nan(long seq) {
    return new RejectedReading(RejectionReason.NON_FINITE_VALUE, seq, "temp", "value is NaN");
  }

  private double counter(String name, RejectionReason reason) {
    return registry.get(name).tag("reason", reason.name()).counter().count();
  }

  @Test
  void rejectMessage_publishesOneDeadLetterWithThePayloadAndCountsIt() {
    publisher.rejectMessage(MESSAGE, RejectionReason.DECODE_ERROR, "not a TelemetryBatch");

    assertThat(sent)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.topic()).isEqualTo("tern/v1/dlq/dev-1");
              assertThat(s.reason()).isEqualTo("DECODE_ERROR");
              assertThat(fieldNames(s.json()))
                  .containsExactly(
                      "deviceId",
                      "clientId",
                      "topic",
                      "reason",
                      "detail",
                      "receivedAtMs",
                      "payloadBase64",
                      "payloadBytes");
              assertThat(s.json().get("topic").asText()).isEqualTo("tern/v1/telemetry/dev-1");
              assertThat(s.json().get("receivedAtMs").asLong()).isEqualTo(1234);
              assertThat(Base64.getDecoder().decode(s.json().get("payloadBase64").asText()))
                  .isEqualTo(PAYLOAD);
            });
    assertThat(counter("tern.gateway.dead_letters", RejectionReason.DECODE_ERROR)).isEqualTo(1);
    assertThat(metrics.deadLetters(RejectionReason.NON_FINITE_VALUE)).isZero();
  }

  @Test
  void rejectReadings_payloadOnlyInTheFirst_seqAndMetricInEach() {
    publisher.rejectReadings(
        MESSAGE,
        List.of(
            nan(7),
            new RejectedReading(RejectionReason.METRIC_INDEX_OUT_OF_RANGE, 8, null, "index 9")));

    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).json().get("seq").asLong()).isEqualTo(7);
    assertThat(sent.get(0).json().get("metric").asText()).isEqualTo("temp");
    assertThat(sent.get(0).json().has("payloadBase64")).isTrue();
    assertThat(sent.get(1).json().get("seq").asLong()).isEqualTo(8);
    assertThat(sent.get(1).json().has("metric")).isFalse();
    assertThat(sent.get(1).json().has("payloadBase64")).isFalse();
    assertThat(sent.get(1).reason()).isEqualTo("METRIC_INDEX_OUT_OF_RANGE");
  }

  @Test
  void rejectReadings_capsPerMessage_countsAllAndSaysHowManyWereLeftOut() {
    List<RejectedReading> rejected = new ArrayList<>();
    for (int seq = 0; seq < 10; seq++) {
      rejected.add(nan(seq));
    }
    rejected.add(new RejectedReading(RejectionReason.STALE_EVENT_TIME, 10, "temp", "old"));

    publisher.rejectReadings(MESSAGE, rejected);

    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).json().get("detail").asText())
        .isEqualTo(
            "value is NaN (and 8 more rejected readings in this message, counted but not sent as"
                + " dead letters: {NON_FINITE_VALUE=7, STALE_EVENT_TIME=1})");
    assertThat(counter("tern.gateway.dead_letters", RejectionReason.NON_FINITE_VALUE))
        .isEqualTo(10);
    assertThat(counter("tern.gateway.dead_letters", RejectionReason.STALE_EVENT_TIME)).isEqualTo(1);
    assertThat(registry.get("tern.gateway.dead_letters.suppressed").counter().count()).isEqualTo(8);
  }

  @Test
  void malformedTopic_routesByClientId_orAMarker() {
    publisher.rejectMessage(
        new RejectedMessage(null, "cl-9", "tern/v1/telemetry/a/b", 1, PAYLOAD),
        RejectionReason.INVALID_TOPIC,
        "bad topic");
    publisher.rejectMessage(
        new RejectedMessage(null, "a/#", "tern/v1/telemetry/", 1, PAYLOAD),
        RejectionReason.INVALID_TOPIC,
        "bad topic");

    assertThat(sent)
        .extracting(Sent::topic)
        .containsExactly("tern/v1/dlq/cl-9", "tern/v1/dlq/" + DeadLetters.UNKNOWN_DEVICE);
  }

  @Test
  void largePayload_isTruncatedAndSaysSo() {
    byte[] large = new byte[DeadLetters.MAX_PAYLOAD_BYTES + 10];

    DeadLetter letter =
        DeadLetters.forMessage(
            new RejectedMessage("d", "d", "tern/v1/telemetry/d", 1, large),
            RejectionReason.OVERSIZED_BATCH,
            "too many");

    assertThat(Base64.getDecoder().decode(letter.payloadBase64()))
        .hasSize(DeadLetters.MAX_PAYLOAD_BYTES);
    assertThat(letter.payloadBytes()).isEqualTo(large.length);
    assertThat(letter.payloadTruncated()).isTrue();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
