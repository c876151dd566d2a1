package io.tern.gateway.ingest;

import io.tern.gateway.validation.ReceivedBatch;
import io.tern.gateway.validation.RejectionReason;

/** Outcome of decoding one telemetry PUBLISH (before validation). */
public sealed interface DecodeResult {

  /**
   * A well-formed message, to be validated.
   *
   * @param deviceId the device id of the topic
   */
  record Decoded(String deviceId, ReceivedBatch batch) implements DecodeResult {}

  /**
   * Not a telemetry message at all: {@link RejectionReason#INVALID_TOPIC} or {@link
   * RejectionReason#DECODE_ERROR}.
   */
  record Rejected(RejectionReason reason, String detail) implements DecodeResult {}
}
