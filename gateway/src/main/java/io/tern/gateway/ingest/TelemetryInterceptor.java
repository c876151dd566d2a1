package io.tern.gateway.ingest;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.deadletter.DeadLetterPublisher;
import io.tern.gateway.deadletter.RejectedMessage;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.status.GatewayMetrics;
import io.tern.gateway.validation.RejectionReason;
import io.tern.gateway.validation.TelemetryValidator;
import io.tern.gateway.validation.Validation;
import io.tern.gateway.validation.Validation.Accepted;
import io.tern.gateway.validation.ValidationRules;
import io.tern.gateway.validation.ValueRange;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes telemetry in-process: every PUBLISH on {@code tern/v1/telemetry/...} is decoded, validated
 * and its valid readings handed to the {@link PipelineRunner}; it is never delivered to MQTT
 * subscribers. Rejections go to the dead-letter topic. The sender's PUBACK:
 *
 * <ul>
 *   <li>SUCCESS: the message was taken, including when some or all of its readings were rejected
 *       one by one (they are in the dead-letter topic; resending would not help);
 *   <li>PAYLOAD_FORMAT_INVALID / TOPIC_NAME_INVALID: the whole message was rejected;
 *   <li>QUOTA_EXCEEDED: the pipeline queue is full or the gateway is stopping (retry later; nothing
 *       was dead-lettered).
 * </ul>
 *
 * Other topics pass through untouched.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; never blocks.
 */
@Singleton
public final class TelemetryInterceptor implements PublishInboundInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryInterceptor.class);

  private final PipelineRunner runner;
  private final GatewayMetrics metrics;
  private final TelemetryValidator validator;
  private final DeadLetterPublisher deadLetters;
  private final InstantSource clock;
  private final DecodeErrorLog errorLog = new DecodeErrorLog();

  @Inject
  public TelemetryInterceptor(
      GatewayConfig config,
      PipelineRunner runner,
      GatewayMetrics metrics,
      DeadLetterPublisher deadLetters) {
    this(rules(config), InstantSource.system(), runner, metrics, deadLetters);
  }

  TelemetryInterceptor(
      ValidationRules rules,
      InstantSource clock,
      PipelineRunner runner,
      GatewayMetrics metrics,
      DeadLetterPublisher deadLetters) {
    this.validator = new TelemetryValidator(rules, clock);
    this.clock = clock;
    this.runner = runner;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
  }

  static ValidationRules rules(GatewayConfig config) {
    return new ValidationRules(
        config.maxBatchReadings(),
        config.maxEventTimeAhead(),
        config.maxEventAge(),
        config.requireClientIdMatch(),
        ValueRange.parseAll(config.valueRanges(), "tern.gateway.value-ranges"));
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    PublishPacket packet = input.getPublishPacket();
    String topic = packet.getTopic();
    if (!TelemetryDecoder.isTelemetry(topic)) {
      return;
    }
    long receivedAtMs = clock.millis();
    String clientId = input.getClientInformation().getClientId();
    ByteBuffer payload = packet.getPayload().orElse(ByteBuffer.allocate(0));
    DecodeResult decoded = TelemetryDecoder.decode(topic, payload);
    if (decoded instanceof DecodeResult.Rejected rejected) {
      Received received = new Received(null, clientId, topic, receivedAtMs, payload);
      rejectMessage(received, rejected.reason(), rejected.detail(), output);
      return;
    }
    Decoded message = (Decoded) decoded;
    Received received = new Received(message.deviceId(), clientId, topic, receivedAtMs, payload);
    Validation validation = validator.validate(message.deviceId(), clientId, message.batch());
    if (validation instanceof Validation.MessageRejected rejected) {
      rejectMessage(received, rejected.reason(), rejected.detail(), output);
    } else {
      take(received, (Accepted) validation, output);
    }
  }

  private void take(Received received, Accepted accepted, PublishInboundOutput output) {
    if (!accepted.readings().isEmpty()
        && !runner.offer(new IngestBatch(received.topicDeviceId(), accepted.readings()))) {
      metrics.busyRejection();
      LOG.debug("Pipeline busy or stopping, refused a batch from client '{}'", received.clientId());
      output.preventPublishDelivery(
          AckReasonCode.QUOTA_EXCEEDED, "gateway busy or stopping, retry later");
      return; // the retry will dead-letter its bad readings
    }
    output.preventPublishDelivery();
    if (!accepted.rejected().isEmpty()) {
      Validation.RejectedReading first = accepted.rejected().get(0);
      errorLog.report(received.clientId(), received.topic(), first.reason(), first.detail());
      deadLetters.rejectReadings(received.toRejectedMessage(), accepted.rejected());
    }
  }

  private void rejectMessage(
      Received received, RejectionReason reason, String detail, PublishInboundOutput output) {
    metrics.decodeError();
    errorLog.report(received.clientId(), received.topic(), reason, detail);
    deadLetters.rejectMessage(received.toRejectedMessage(), reason, detail);
    AckReasonCode code =
        reason == RejectionReason.INVALID_TOPIC
            ? AckReasonCode.TOPIC_NAME_INVALID
            : AckReasonCode.PAYLOAD_FORMAT_INVALID;
    output.preventPublishDelivery(code, reason + ": " + detail);
  }

  /** A message as received; its bytes are copied only if something is dead-lettered. */
  private record Received(
      String topicDeviceId, String clientId, String topic, long receivedAtMs, ByteBuffer payload) {

    RejectedMessage toRejectedMessage() {
      ByteBuffer view = payload.duplicate();
      byte[] bytes = new byte[view.remaining()];
      view.get(bytes);
      return new RejectedMessage(topicDeviceId, clientId, topic, receivedAtMs, bytes);
    }
  }
}
