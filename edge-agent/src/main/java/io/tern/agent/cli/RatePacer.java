package io.tern.agent.cli;

/**
 * Spaces readings evenly at a rate: reading {@code n} (0-based) is due {@code n / rate} seconds
 * after the first. A source that falls behind catches up without waiting (no drift). Pure.
 *
 * @param perSecond readings per second, positive and finite
 */
record RatePacer(double perSecond) {
  RatePacer {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be a positive number, got " + perSecond);
    }
  }

  /**
   * @param index 0-based number of the reading about to be sent
   * @param elapsedNanos time since the first reading was due
   * @return how long to wait before sending it, 0 if it is due
   */
  long waitNanos(long index, long elapsedNanos) {
    long due = (long) (index * 1e9 / perSecond);
    return Math.max(0, due - elapsedNanos);
  }
}
