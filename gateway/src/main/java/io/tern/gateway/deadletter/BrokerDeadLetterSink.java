package io.tern.gateway.deadletter;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes dead letters through the embedded broker's (asynchronous) publish service: QoS 1,
 * content type {@code application/json}, user property {@code reason}. Failures are counted ({@code
 * tern.gateway.dead_letters.publish.failures}) and logged.
 *
 * <p>Threading: called by HiveMQ's extension threads; never blocks. The publish service is looked
 * up per call, so it is the one of the broker currently running in this JVM.
 */
final class BrokerDeadLetterSink implements DeadLetterSink {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerDeadLetterSink.class);
  static final String CONTENT_TYPE = "application/json";

  private final Counter failures;

  BrokerDeadLetterSink(MeterRegistry registry) {
    this.failures =
        Counter.builder("tern.gateway.dead_letters.publish.failures")
            .description("dead letters that could not be published to MQTT")
            .register(registry);
  }

  @Override
  public void send(String topic, String reason, byte[] json) {
    PublishService service;
    Publish publish;
    try {
      service = Services.publishService();
      publish =
          Builders.publish()
              .topic(topic)
              .qos(Qos.AT_LEAST_ONCE)
              .contentType(CONTENT_TYPE)
              .payloadFormatIndicator(PayloadFormatIndicator.UTF_8)
              .userProperty("reason", reason)
              .payload(ByteBuffer.wrap(json))
              .build();
    } catch (RuntimeException e) { // broker not running, or a topic the broker refuses
      failures.increment();
      LOG.warn("Could not publish a {} dead letter to {}: {}", reason, topic, e.toString());
      return;
    }
    service
        .publish(publish)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                failures.increment();
                LOG.warn(
                    "Could not publish a {} dead letter to {}: {}",
                    reason,
                    topic,
                    error.toString());
              }
            });
  }
}
