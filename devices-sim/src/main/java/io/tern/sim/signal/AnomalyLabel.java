package io.tern.sim.signal;

/**
 * Ground truth for one injected anomaly. Readings with {@code startMs <= eventTime < endMs} are
 * affected; for a single-reading anomaly (spike/dip without duration) {@code endMs == startMs} and
 * only the reading at {@code startMs} is affected.
 */
public record AnomalyLabel(
    String deviceId, String metric, AnomalyKind kind, long startMs, long endMs) {}
