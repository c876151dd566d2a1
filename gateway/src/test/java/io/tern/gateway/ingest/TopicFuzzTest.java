package io.tern.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tern.gateway.deadletter.DeadLetters;
import io.tern.gateway.deadletter.RejectedMessage;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.ingest.DecodeResult.Rejected;
import io.tern.gateway.security.Identity;
import io.tern.gateway.security.Role;
import io.tern.gateway.security.TopicPolicy;
import io.tern.gateway.validation.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target for everything that reads a device id out of a topic or decides on one: {@link
 * TelemetryDecoder}, {@link StatusDecoder}, {@link TopicPolicy} and the dead-letter topic. The
 * input is UTF-8 text, its lines being: an identity name, a second identity name, a topic (or
 * filter), and an MQTT client id. Properties: a topic names at most one device and only in the
 * exact form {@code tern/v1/telemetry|status/{id}}; a device may publish exactly to its own two
 * topics, so no other identity may publish where it may; no device filter and no device topic has a
 * wildcard; operators publish nothing; a dead letter's topic is always one level under {@code
 * tern/v1/dlq/}.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code TopicFuzzTestInputs/topics/} (test resources)
 * as regression tests; docs/security.md says how to fuzz.
 */
class TopicFuzzTest {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  @FuzzTest
  void topics(byte[] input) {
    List<String> lines = Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\n", 4));
    String name = part(lines, 0);
    String other = part(lines, 1);
    String topic = part(lines, 2);
    String clientId = part(lines, 3);

    String telemetryDevice = checkTelemetryTopic(topic);
    String statusDevice = checkStatusTopic(topic);
    checkDeadLetterTopic(telemetryDevice, clientId, topic);

    Identity device = identity(name, Role.DEVICE);
    if (device == null) {
      return;
    }
    boolean mayPublish = TopicPolicy.mayPublish(device, topic);
    assertThat(mayPublish)
        .as("%s may publish to %s", name, topic)
        .isEqualTo(name.equals(telemetryDevice) || name.equals(statusDevice));
    if (TopicPolicy.maySubscribe(device, topic)) {
      assertThat(topic).doesNotContain("+").doesNotContain("#").endsWith("/" + name);
    }
    Identity operator = new Identity(name, Role.OPERATOR);
    assertThat(TopicPolicy.mayPublish(operator, topic)).isFalse();
    if (TopicPolicy.maySubscribe(operator, topic)) {
      assertThat(topic).matches("(?s)tern/v1/(alerts|rollups|dlq|status)(/.*)?");
    }
    Identity another = identity(other, Role.DEVICE);
    if (mayPublish && another != null && !other.equals(name)) {
      assertThat(TopicPolicy.mayPublish(another, topic))
          .as("%s and %s may both publish to %s", name, other, topic)
          .isFalse();
    }
  }

  /** The telemetry decoder's device id of the topic, checked; null if it is not one. */
  private static String checkTelemetryTopic(String topic) {
    String deviceId = TelemetryDecoder.deviceIdOf(topic);
    assertThat(TelemetryDecoder.isTelemetry(topic))
        .isEqualTo(topic.startsWith(TelemetryDecoder.TOPIC_PREFIX));
    DecodeResult decoded = TelemetryDecoder.decode(topic, EMPTY);
    if (deviceId == null) {
      assertThat(decoded).isInstanceOf(Rejected.class);
      assertThat(((Rejected) decoded).reason()).isEqualTo(RejectionReason.INVALID_TOPIC);
      return null;
    }
    assertThat(deviceId).isNotEmpty().doesNotContain("/");
    assertThat(topic).isEqualTo(TelemetryDecoder.TOPIC_PREFIX + deviceId);
    // An empty payload is an empty TelemetryBatch: decoded, the validator refuses it.
    assertThat(decoded).isInstanceOf(Decoded.class);
    assertThat(((Decoded) decoded).deviceId()).isEqualTo(deviceId);
    return deviceId;
  }

  /** The status decoder's device id of the topic, checked; null if it is not one. */
  private static String checkStatusTopic(String topic) {
    if (!StatusDecoder.isStatus(topic)) {
      return null;
    }
    StatusDecoder.Result result = StatusDecoder.decode(topic, EMPTY);
    if (result instanceof StatusDecoder.Result.Rejected rejected) {
      // An empty payload has no device id (MISSING_FIELDS), if the topic is well-formed.
      assertThat(rejected.reason())
          .isIn(RejectionReason.INVALID_TOPIC, RejectionReason.MISSING_FIELDS);
      if (rejected.reason() == RejectionReason.INVALID_TOPIC) {
        return null;
      }
      String deviceId = topic.substring(StatusDecoder.TOPIC_PREFIX.length());
      assertThat(deviceId).isNotEmpty().doesNotContain("/");
      return deviceId;
    }
    throw new AssertionError("an empty status payload was taken on " + topic + ": " + result);
  }

  /**
   * A topic HiveMQ lets through (not empty, no wildcard, no NUL) gets its dead letters on one level
   * under the dead-letter prefix, whatever the client id.
   */
  private static void checkDeadLetterTopic(String deviceId, String clientId, String topic) {
    if (!isTopicName(topic)) {
      return;
    }
    String level = new RejectedMessage(deviceId, clientId, topic, 0, new byte[0]).dlqDeviceId();
    assertThat(level).isNotEmpty().doesNotContain("/", "+", "#", "\u0000");
    assertThat((DeadLetters.TOPIC_PREFIX + level).split("/", -1)).hasSize(4);
  }

  private static boolean isTopicName(String topic) {
    return !topic.isEmpty()
        && topic.indexOf('+') < 0
        && topic.indexOf('#') < 0
        && topic.indexOf('\u0000') < 0;
  }

  /** The identity called {@code name}, or null if that is not a valid name (checked). */
  private static Identity identity(String name, Role role) {
    try {
      return new Identity(name, role);
    } catch (IllegalArgumentException e) {
      assertThat(name).doesNotMatch(Identity.NAME);
      assertThat(e.getMessage()).isNotBlank();
      return null;
    }
  }

  private static String part(List<String> lines, int index) {
    return index < lines.size() ? lines.get(index) : "";
  }
}
