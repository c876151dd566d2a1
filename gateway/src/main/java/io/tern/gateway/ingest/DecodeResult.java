package io.tern.gateway.ingest;

/** Outcome of decoding one telemetry PUBLISH. */
public sealed interface DecodeResult {

  /** A valid batch. */
  record Decoded(IngestBatch batch) implements DecodeResult {}

  /** Bad input: not processed, counted, reported to the sender. */
  record Rejected(Reason reason, String detail) implements DecodeResult {}

  /** Why a message was rejected. */
  enum Reason {
    /** The topic is not {@code tern/v1/telemetry/{deviceId}}. */
    BAD_TOPIC,
    /** The payload is not a valid {@code TelemetryBatch}. */
    BAD_PAYLOAD
  }
}
