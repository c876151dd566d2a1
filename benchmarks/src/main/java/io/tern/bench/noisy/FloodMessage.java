package io.tern.bench.noisy;

/**
 * One message of the flooder.
 *
 * @param kind what is wrong with it
 * @param topic where it is published
 * @param payload its bytes
 */
public record FloodMessage(FloodKind kind, String topic, byte[] payload) {}
