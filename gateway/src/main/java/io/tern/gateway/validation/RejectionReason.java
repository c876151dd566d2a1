package io.tern.gateway.validation;

/**
 * Why telemetry was rejected. The names are a stable contract: they appear as {@code reason} in
 * dead-letter JSON, as the dead letter's MQTT user property {@code reason}, and as the {@code
 * reason} tag of the {@code tern.gateway.dead_letters} counter.
 */
public enum RejectionReason {
  /**
   * The topic is not {@code tern/v1/telemetry/{deviceId}} with a single, non-empty device level.
   */
  INVALID_TOPIC(Scope.MESSAGE),
  /** The payload is not a {@code TelemetryBatch}. */
  DECODE_ERROR(Scope.MESSAGE),
  /** A required field is unset: {@code device_id}, {@code stream_epoch}, or no readings at all. */
  MISSING_FIELDS(Scope.MESSAGE),
  /** A reported gap is not a run of seqs: first above last, or a seq below 1. */
  INVALID_GAP(Scope.MESSAGE),
  /** The payload's {@code device_id} differs from the topic's device id. */
  DEVICE_ID_MISMATCH(Scope.MESSAGE),
  /** The sender's MQTT client id differs from the topic's device id. */
  CLIENT_ID_MISMATCH(Scope.MESSAGE),
  /** The message has more readings than allowed. */
  OVERSIZED_BATCH(Scope.MESSAGE),
  /** A reading refers to a metric index outside the message's metric dictionary. */
  METRIC_INDEX_OUT_OF_RANGE(Scope.READING),
  /** A reading's metric name is not {@code [A-Za-z0-9_.-]{1,64}}. */
  INVALID_METRIC_NAME(Scope.READING),
  /** A reading's value is NaN or infinite. */
  NON_FINITE_VALUE(Scope.READING),
  /** A reading's value is outside the range configured for its metric. */
  VALUE_OUT_OF_RANGE(Scope.READING),
  /** A reading's event time is too far ahead of the gateway clock. */
  FUTURE_EVENT_TIME(Scope.READING),
  /** A reading's event time is implausibly old. */
  STALE_EVENT_TIME(Scope.READING);

  /** What a reason rejects. */
  public enum Scope {
    /** The whole message: none of its readings are taken. */
    MESSAGE,
    /** One reading: the message's other readings are still taken. */
    READING
  }

  private final Scope scope;

  RejectionReason(Scope scope) {
    this.scope = scope;
  }

  public Scope scope() {
    return scope;
  }
}
