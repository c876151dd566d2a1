package io.tern.gateway.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Counts refused clients and packets as {@code tern.gateway.security.refusals{packet, reason}}:
 * {@code packet} is {@code connect}, {@code publish} or {@code subscribe}, {@code reason} the MQTT
 * v5 reason code sent back (e.g. {@code BAD_USER_NAME_OR_PASSWORD}, {@code NOT_AUTHORIZED}).
 * Thread-safe: called from HiveMQ's and the authentication threads.
 */
@Singleton
public final class SecurityMetrics {
  static final String REFUSALS = "tern.gateway.security.refusals";

  private final MeterRegistry registry;

  public SecurityMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void refused(String packet, Enum<?> reasonCode) {
    counter(packet, reasonCode.name()).increment();
  }

  /** Refusals counted so far for one packet type and reason code. */
  public long refusals(String packet, String reasonCode) {
    return (long) counter(packet, reasonCode).count();
  }

  private Counter counter(String packet, String reason) {
    return Counter.builder(REFUSALS)
        .description("MQTT clients and packets refused by authentication or authorization")
        .tag("packet", packet)
        .tag("reason", reason)
        .register(registry);
  }
}
