package io.tern.bridge;

import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.bridge.sink.mqtt.MqttSinkConfig;
import java.nio.file.Path;
import java.util.Objects;

/** Which sink the bridge delivers to, with that sink's own settings. */
public sealed interface SinkSettings {

  /** The command-line name: {@code kafka}, {@code file} or {@code mqtt}. */
  String name();

  /** Kafka, configured by the Kafka fields of {@link BridgeConfig}. */
  record Kafka() implements SinkSettings {
    @Override
    public String name() {
      return "kafka";
    }
  }

  /** NDJSON file {@code path} (with {@code <path>.position} beside it); always exactly-once. */
  record File(Path path) implements SinkSettings {
    public File {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String name() {
      return "file";
    }
  }

  /** A remote MQTT v5 broker; always at-least-once (consumers dedupe on the {@code id}). */
  record Mqtt(MqttSinkConfig config) implements SinkSettings {
    public Mqtt {
      Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
      return "mqtt";
    }
  }

  /** What this sink promises, given the configured Kafka delivery mode. */
  default DeliveryGuarantee guarantee(DeliveryGuarantee kafkaDelivery) {
    if (this instanceof File) {
      return DeliveryGuarantee.EXACTLY_ONCE;
    }
    if (this instanceof Mqtt) {
      return DeliveryGuarantee.AT_LEAST_ONCE;
    }
    return kafkaDelivery;
  }
}
