package io.tern.bridge.delivery;

import java.time.Duration;

/** Outcome of one {@link DeliveryLoop#step()}; tells the loop how long to wait before the next. */
public sealed interface Step {

  /** Nothing new in the log. */
  record Idle() implements Step {}

  /** A batch was delivered and committed. */
  record Delivered(int outputs, int undecodable) implements Step {}

  /** The sink failed; delivery resumes from the sink's position after {@code retryIn}. */
  record Failed(String reason, Duration retryIn) implements Step {}

  /** The sink failed for good (e.g. fenced by another bridge); the loop ends. */
  record Stopped(String reason) implements Step {}
}
