package io.tern.gateway.deadletter;

import io.tern.gateway.validation.RejectionReason;
import io.tern.gateway.validation.Validation.RejectedReading;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns rejections into dead letters: one per rejected message, or one per rejected reading up to a
 * cap per message (the last one says how many more were left out, by reason). The message's bytes
 * travel once, in its first dead letter, truncated beyond {@value #MAX_PAYLOAD_BYTES} bytes. Pure
 * and thread-safe.
 */
public final class DeadLetters {
  /** Topic prefix of dead letters: {@code tern/v1/dlq/{deviceId}}. */
  public static final String TOPIC_PREFIX = "tern/v1/dlq/";

  /** Device level used when neither the topic nor the client id gives a usable one. */
  public static final String UNKNOWN_DEVICE = "_unknown";

  /** Most payload bytes copied into a dead letter. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private DeadLetters() {}

  public static String topic(DeadLetter letter) {
    return TOPIC_PREFIX + letter.deviceId();
  }

  /** The dead letter of a message rejected as a whole. */
  public static DeadLetter forMessage(
      RejectedMessage message, RejectionReason reason, String detail) {
    return letter(message, reason.name(), detail, null, null, true);
  }

  /**
   * The dead letters of a message's rejected readings, at most {@code maxPerMessage}.
   *
   * @param rejected non-empty
   */
  public static List<DeadLetter> forReadings(
      RejectedMessage message, List<RejectedReading> rejected, int maxPerMessage) {
    int published = Math.min(rejected.size(), maxPerMessage);
    List<DeadLetter> letters = new ArrayList<>(published);
    for (int i = 0; i < published; i++) {
      RejectedReading reading = rejected.get(i);
      String detail = reading.detail();
      if (i == published - 1 && published < rejected.size()) {
        detail += suppressedNote(rejected.subList(published, rejected.size()));
      }
      letters.add(
          letter(
              message, reading.reason().name(), detail, reading.seq(), reading.metric(), i == 0));
    }
    return letters;
  }

  private static String suppressedNote(List<RejectedReading> suppressed) {
    Map<RejectionReason, Integer> byReason = new EnumMap<>(RejectionReason.class);
    for (RejectedReading reading : suppressed) {
      byReason.merge(reading.reason(), 1, Integer::sum);
    }
    return " (and "
        + suppressed.size()
        + " more rejected readings in this message, counted but not sent as dead letters: "
        + byReason
        + ")";
  }

  private static DeadLetter letter(
      RejectedMessage message,
      String reason,
      String detail,
      Long seq,
      String metric,
      boolean withPayload) {
    byte[] payload = message.payload();
    boolean truncated = payload.length > MAX_PAYLOAD_BYTES;
    return new DeadLetter(
        message.dlqDeviceId(),
        message.clientId(),
        message.topic(),
        reason,
        detail,
        message.receivedAtMs(),
        seq,
        metric,
        withPayload ? base64(payload, truncated) : null,
        withPayload ? payload.length : null,
        withPayload && truncated ? Boolean.TRUE : null);
  }

  private static String base64(byte[] payload, boolean truncated) {
    byte[] bytes = truncated ? Arrays.copyOf(payload, MAX_PAYLOAD_BYTES) : payload;
    return Base64.getEncoder().encodeToString(bytes);
  }
}
