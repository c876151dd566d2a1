package io.tern.gateway.ingest;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.deadletter.DeadLetterPublisher;
import io.tern.gateway.deadletter.RejectedMessage;
import io.tern.gateway.ingest.DecodeResult.Decoded;
import io.tern.gateway.journal.Acknowledgement;
import io.tern.gateway.journal.JournalMetrics;
import io.tern.gateway.journal.JournalWriter;
import io.tern.gateway.security.ClientAccess;
import io.tern.gateway.security.PublishRateLimiter;
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
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes telemetry in-process: every PUBLISH on {@code tern/v1/telemetry/...} is decoded, validated
 * and its valid readings handed to the {@link JournalWriter}; it is never delivered to MQTT
 * subscribers. Rejections go to the dead-letter topic. The sender's PUBACK (asynchronous: it waits
 * for the journal, without blocking a broker thread):
 *
 * <ul>
 *   <li>SUCCESS: the valid readings are in the ingest journal, including when some or all of the
 *       message's readings were rejected one by one (they are in the dead-letter topic; resending
 *       would not help);
 *   <li>PAYLOAD_FORMAT_INVALID / TOPIC_NAME_INVALID: the whole message was rejected;
 *   <li>QUOTA_EXCEEDED: the journal queue is full or the gateway is stopping (retry later; nothing
 *       was dead-lettered);
 *   <li>UNSPECIFIED_ERROR: the journal could not be written, or not within {@link #ACK_TIMEOUT}
 *       (retry later; a copy that did reach the journal is dropped by dedupe).
 * </ul>
 *
 * Status messages ({@code tern/v1/status/...}) are checked and delivered; an OFFLINE one (the
 * agent's will) is journaled too. Other topics pass through untouched. A message the client may not
 * publish (see {@link ClientAccess}) is left alone: HiveMQ runs interceptors before the authorizer,
 * which then refuses it with NOT_AUTHORIZED, so it is never journaled.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; never blocks. The
 * acknowledgement is completed on the journal writer thread.
 */
@Singleton
public final class TelemetryInterceptor implements PublishInboundInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryInterceptor.class);

  static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final JournalWriter journal;
  private final JournalMetrics journalMetrics;
  private final GatewayMetrics metrics;
  private final TelemetryValidator validator;
  private final DeadLetterPublisher deadLetters;
  private final InstantSource clock;
  private final DecodeErrorLog errorLog = new DecodeErrorLog();
  private final OfflineAnnouncements offlineAnnouncements;
  private final ClientAccess access;
  private final PublishRateLimiter limiter;

  @Inject
  public TelemetryInterceptor(
      GatewayConfig config,
      JournalWriter journal,
      JournalMetrics journalMetrics,
      GatewayMetrics metrics,
      DeadLetterPublisher deadLetters,
      OfflineAnnouncements offlineAnnouncements,
      ClientAccess access,
      PublishRateLimiter limiter) {
    this.access = access;
    this.limiter = limiter;
    this.offlineAnnouncements = offlineAnnouncements;
    this.validator = new TelemetryValidator(rules(config), InstantSource.system());
    this.clock = InstantSource.system();
    this.journal = journal;
    this.journalMetrics = journalMetrics;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
  }

  /**
   * Runs the refusal paths once with made-up messages ({@link RefusalWarmup}), so that the first
   * invalid message of a device does not hold up the others; call before the broker takes
   * connections.
   */
  public void warmUpRefusals() {
    LOG.debug("Refusal paths warmed up: {}", RefusalWarmup.run(validator, clock.millis()));
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
    if (!access.mayPublish(input.getConnectionInformation(), topic)) {
      return; // the authorizer, which runs next, refuses it
    }
    if (StatusDecoder.isStatus(topic)) {
      status(input, output);
      return;
    }
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

  /**
   * A status message is delivered to subscribers as sent (retained birth and will); one that
   * announces OFFLINE is also journaled, so the device's offline alert is raised at once. A
   * malformed or spoofed one is refused and dead-lettered like bad telemetry.
   */
  private void status(PublishInboundInput input, PublishInboundOutput output) {
    PublishPacket packet = input.getPublishPacket();
    String clientId = input.getClientInformation().getClientId();
    ByteBuffer payload = packet.getPayload().orElse(ByteBuffer.allocate(0));
    StatusDecoder.Result result = StatusDecoder.decode(packet.getTopic(), payload);
    if (result instanceof StatusDecoder.Result.Rejected rejected) {
      Received received = new Received(null, clientId, packet.getTopic(), clock.millis(), payload);
      rejectMessage(received, rejected.reason(), rejected.detail(), output);
      return;
    }
    StatusDecoder.Result.Status status = (StatusDecoder.Result.Status) result;
    if (status.offline()) {
      offlineAnnouncements.announce(status.deviceId(), "OFFLINE status published");
    }
  }

  private void take(Received received, Accepted accepted, PublishInboundOutput output) {
    if (accepted.readings().isEmpty() && accepted.gaps().isEmpty()) {
      output.preventPublishDelivery();
    } else if (!journalAsync(received, accepted, output)) {
      return; // the retry will dead-letter its bad readings
    }
    if (!accepted.rejected().isEmpty()) {
      Validation.RejectedReading first = accepted.rejected().get(0);
      errorLog.report(received.clientId(), received.topic(), first.reason(), first.detail());
      deadLetters.rejectReadings(received.toRejectedMessage(), accepted.rejected());
    }
  }

  /** Hands the valid readings to the journal; the PUBACK follows once they are journaled. */
  private boolean journalAsync(Received received, Accepted accepted, PublishInboundOutput output) {
    Async<PublishInboundOutput> async =
        output.async(
            ACK_TIMEOUT,
            TimeoutFallback.FAILURE,
            AckReasonCode.UNSPECIFIED_ERROR,
            "gateway busy: journal append timed out, retry later");
    Acknowledgement ack =
        new Acknowledgement() {
          @Override
          public void journaled() {
            complete(async, null);
          }

          @Override
          public void failed(String reason) {
            complete(async, reason);
          }
        };
    if (journal.offer(received.topicDeviceId(), accepted.readings(), accepted.gaps(), ack)) {
      return true;
    }
    journalMetrics.busyRejection();
    LOG.debug("Journal busy or stopping, refused a batch from client '{}'", received.clientId());
    output.preventPublishDelivery(
        AckReasonCode.QUOTA_EXCEEDED, "gateway busy or stopping, retry later");
    async.resume();
    return false;
  }

  /** Completes the PUBACK: success if {@code failure} is null. Journal writer thread. */
  private static void complete(Async<PublishInboundOutput> async, String failure) {
    if (async.getStatus() != Async.Status.RUNNING) {
      return; // timed out: HiveMQ already answered with the timeout's reason code
    }
    PublishInboundOutput output = async.getOutput();
    try {
      if (failure == null) {
        output.preventPublishDelivery();
      } else {
        output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, failure);
      }
    } catch (UnsupportedOperationException e) {
      LOG.debug("Acknowledgement timed out just before the journal answered", e);
      return;
    }
    async.resume();
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
    limiter.rejectedAsInvalid(received.clientId(), received.receivedAtMs());
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
