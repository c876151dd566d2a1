package io.tern.gateway.output;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Rollup;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes rollup and alert JSON to MQTT subscribers through the embedded broker's publish service
 * (QoS 1, content type {@code application/json}).
 *
 * <p>Threading: {@link #publish} is called by the pipeline thread and never blocks (the publish
 * service is asynchronous); {@link #attach} is called by the broker's extension start.
 */
@Singleton
public final class MqttOutputPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(MqttOutputPublisher.class);
  static final String CONTENT_TYPE = "application/json";

  private final Counter failures;
  private volatile PublishService publishService;
  private boolean warnedNotStarted; // pipeline thread

  public MqttOutputPublisher(MeterRegistry registry) {
    this.failures =
        Counter.builder("tern.gateway.mqtt.publish.failures")
            .description("rollups/alerts that could not be published to MQTT")
            .register(registry);
  }

  /** Connects this publisher to a started broker. */
  public void attach(PublishService service) {
    this.publishService = service;
  }

  /**
   * Publishes a rollup; before the broker has started (e.g. while recovery replays the journal) it
   * is only counted as not published: the output log has it.
   */
  public void publish(Rollup rollup) {
    PublishService service = publishService;
    if (service == null) {
      notStarted();
      return;
    }
    String topic = "tern/v1/rollups/" + rollup.deviceId() + "/" + rollup.metric();
    send(service, topic, base(topic, JsonOutput.rollup(rollup)).build());
  }

  /** Publishes an alert; see {@link #publish(Rollup)} for the time before the broker starts. */
  public void publish(Alert alert) {
    PublishService service = publishService;
    if (service == null) {
      notStarted();
      return;
    }
    String topic = "tern/v1/alerts/" + alert.deviceId() + "/" + alert.metric();
    Publish publish =
        base(topic, JsonOutput.alert(alert))
            .userProperty("kind", alert.kind().name())
            .userProperty("severity", alert.severity().name())
            .build();
    send(service, topic, publish);
  }

  /** Publishes a gap report; see {@link #publish(Rollup)} for the time before the broker starts. */
  public void publish(DataGap gap) {
    PublishService service = publishService;
    if (service == null) {
      notStarted();
      return;
    }
    String topic = "tern/v1/gaps/" + gap.deviceId();
    send(service, topic, base(topic, JsonOutput.gap(gap)).build());
  }

  private void notStarted() {
    failures.increment();
    if (!warnedNotStarted) {
      warnedNotStarted = true;
      LOG.warn("Broker not started yet: outputs go to the output log only until it is");
    }
  }

  private static com.hivemq.extension.sdk.api.services.builder.PublishBuilder base(
      String topic, byte[] json) {
    return Builders.publish()
        .topic(topic)
        .qos(Qos.AT_LEAST_ONCE)
        .contentType(CONTENT_TYPE)
        .payloadFormatIndicator(PayloadFormatIndicator.UTF_8)
        .payload(ByteBuffer.wrap(json));
  }

  private void send(PublishService service, String topic, Publish publish) {
    service
        .publish(publish)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                failures.increment();
                LOG.warn("Could not publish to {}: {}", topic, error.toString());
              }
            });
  }
}
