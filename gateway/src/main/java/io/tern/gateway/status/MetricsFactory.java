package io.tern.gateway.status;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Provides the gateway's meter registry: Prometheus, scraped at {@code GET /metrics}. Injectable as
 * {@link io.micrometer.core.instrument.MeterRegistry}.
 */
@Factory
final class MetricsFactory {

  @Singleton
  @Bean(preDestroy = "close")
  PrometheusMeterRegistry meterRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
