package io.tern.gateway.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Provides the gateway's meter registry (in-memory; exporters come with a later issue). */
@Factory
final class MetricsFactory {

  @Singleton
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }
}
