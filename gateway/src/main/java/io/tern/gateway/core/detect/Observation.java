package io.tern.gateway.core.detect;

/**
 * What a detector looked at when it changed an alert's state: a reading, or (for silence) the last
 * reading seen when a tick found the series quiet.
 *
 * @param value the reading's value
 * @param eventTimeMs the reading's event time, epoch ms
 * @param detectedAtMs gateway time of the observation, epoch ms
 */
record Observation(double value, long eventTimeMs, long detectedAtMs) {}
