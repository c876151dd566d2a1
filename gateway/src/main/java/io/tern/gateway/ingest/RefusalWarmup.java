package io.tern.gateway.ingest;

import io.tern.gateway.deadletter.DeadLetterJson;
import io.tern.gateway.deadletter.DeadLetters;
import io.tern.gateway.deadletter.RejectedMessage;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.validation.RejectionReason;
import io.tern.gateway.validation.TelemetryValidator;
import io.tern.gateway.validation.Validation;
import io.tern.proto.v1.Reading;
import io.tern.proto.v1.TelemetryBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the gateway's refusal paths once, with made-up messages, before the broker takes
 * connections: undecodable telemetry (truncated, unknown fields, a field of the wrong wire type)
 * and status, a spoofed device id, NaN readings, and the dead letters and JSON they would become.
 * Otherwise the first invalid message a gateway sees pays for loading those classes and for
 * building the dead letters' JSON serializer: measured ~12 ms (against ~2 ms later on), on one of
 * the broker's extension threads, where well-behaved devices' messages wait behind it. Nothing is
 * published, journaled, counted or logged. Pure; called once.
 */
final class RefusalWarmup {
  static final String DEVICE = "_warm-up";
  private static final String TOPIC = TelemetryDecoder.TOPIC_PREFIX + DEVICE;

  private RefusalWarmup() {}

  /**
   * Refuses the made-up messages the way the interceptor would.
   *
   * @return the reason of each refusal (of the message, or of its first reading), in order
   */
  static List<RejectionReason> run(TelemetryValidator validator, long nowMs) {
    List<RejectionReason> reasons = new ArrayList<>();
    byte[] truncated = {0x0A, 0x05, 'x'}; // device_id announces 5 bytes, 1 follows
    refuse(TelemetryDecoder.decode(TOPIC, ByteBuffer.wrap(truncated)), validator, nowMs, reasons);
    // Garbage: unknown fields 99 (a varint) and 100 (bytes, truncated), as random bytes have them.
    byte[] garbage = {(byte) 0x98, 0x06, 0x01, (byte) 0xA2, 0x06, 0x05, 'x'};
    refuse(TelemetryDecoder.decode(TOPIC, ByteBuffer.wrap(garbage)), validator, nowMs, reasons);
    byte[] misTyped = {0x08, 0x01}; // device_id (a string) sent as a varint
    refuse(TelemetryDecoder.decode(TOPIC, ByteBuffer.wrap(misTyped)), validator, nowMs, reasons);
    byte[] spoofed = batch(DEVICE + "-other", nowMs, 20.5);
    refuse(TelemetryDecoder.decode(TOPIC, ByteBuffer.wrap(spoofed)), validator, nowMs, reasons);
    byte[] notANumber = batch(DEVICE, nowMs, Double.NaN);
    refuse(TelemetryDecoder.decode(TOPIC, ByteBuffer.wrap(notANumber)), validator, nowMs, reasons);
    String statusTopic = StatusDecoder.TOPIC_PREFIX + DEVICE;
    if (StatusDecoder.decode(statusTopic, ByteBuffer.wrap(truncated))
        instanceof StatusDecoder.Result.Rejected rejected) {
      reasons.add(rejected.reason());
      DeadLetterJson.encode(
          DeadLetters.forMessage(message(statusTopic, truncated, nowMs), rejected.reason(), ""));
    }
    return reasons;
  }

  private static void refuse(
      DecodeResult decoded,
      TelemetryValidator validator,
      long nowMs,
      List<RejectionReason> reasons) {
    RejectedMessage message = message(TOPIC, new byte[] {1, 2, 3}, nowMs);
    if (decoded instanceof DecodeResult.Rejected rejected) {
      reasons.add(rejected.reason());
      DeadLetterJson.encode(DeadLetters.forMessage(message, rejected.reason(), rejected.detail()));
      return;
    }
    Validation validation = validator.validate(DEVICE, DEVICE, ((Decoded) decoded).batch());
    if (validation instanceof Validation.MessageRejected rejected) {
      reasons.add(rejected.reason());
      DeadLetterJson.encode(DeadLetters.forMessage(message, rejected.reason(), rejected.detail()));
    } else if (validation instanceof Validation.Accepted accepted
        && !accepted.rejected().isEmpty()) {
      reasons.add(accepted.rejected().get(0).reason());
      DeadLetters.forReadings(message, accepted.rejected(), 1).forEach(DeadLetterJson::encode);
    }
  }

  private static RejectedMessage message(String topic, byte[] payload, long nowMs) {
    return new RejectedMessage(DEVICE, DEVICE, topic, nowMs, payload);
  }

  private static byte[] batch(String deviceId, long nowMs, double value) {
    return TelemetryBatch.newBuilder()
        .setDeviceId(deviceId)
        .setStreamEpoch(1)
        .setBaseSeq(1)
        .setBaseTimeMs(nowMs)
        .setSentAtMs(nowMs)
        .addMetrics("warm_up")
        .addReadings(Reading.newBuilder().setMetricIndex(0).setValue(value))
        .build()
        .toByteArray();
  }
}
