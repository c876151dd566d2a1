package io.tern.bench.noisy;

/** What the flooder sends; each kind is refused (or emptied) by a different gateway check. */
public enum FloodKind {
  /** Random bytes: not a protobuf, or a protobuf that is not a valid batch. */
  GARBAGE,
  /** A real batch followed by a field whose announced length runs past the end. */
  MALFORMED_PROTOBUF,
  /**
   * A valid batch of another device, on that device's topic, from the flooder's own client id
   * (anonymous gateway: {@code CLIENT_ID_MISMATCH}; with credentials: not authorized).
   */
  SPOOFED_TOPIC,
  /** A valid batch naming another device in the payload, on the flooder's own topic. */
  SPOOFED_PAYLOAD,
  /** A well-formed batch of the flooder itself whose every value is NaN or infinite. */
  NON_FINITE
}
