package io.tern.agent.publish;

/**
 * What Paho reports about one connection, handed from Paho's threads to the publisher thread.
 * {@code generation} identifies the connection attempt; events of older attempts are ignored.
 */
sealed interface SessionEvent {
  int generation();

  record Connected(int generation, int serverReceiveMaximum) implements SessionEvent {}

  record ConnectFailed(int generation, Throwable cause) implements SessionEvent {}

  record ConnectionLost(int generation, String reason) implements SessionEvent {}

  /** PUBACK with a success reason code for the batch starting at {@code firstSeq}. */
  record Acked(int generation, long firstSeq) implements SessionEvent {}

  /**
   * PUBACK 0x97 QUOTA_EXCEEDED: the gateway kept nothing of the batch and asks the device to slow
   * down (its per-device publish rate, or its journal is full).
   */
  record QuotaExceeded(int generation, long firstSeq) implements SessionEvent {}

  /** PUBACK with another error reason code (0x80 or above): a real rejection. */
  record Rejected(int generation, long firstSeq, int reasonCode) implements SessionEvent {}

  /** The publish did not complete (typically: the connection dropped first). */
  record PublishFailed(int generation, long firstSeq, Throwable cause) implements SessionEvent {}
}
