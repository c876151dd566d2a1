package io.tern.gateway.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.status.GatewayMetrics;
import io.tern.gateway.validation.RejectionReason;
import io.tern.gateway.validation.Validation.RejectedReading;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Counts every rejection by reason ({@code tern.gateway.dead_letters}) and publishes its dead
 * letter(s) on {@code tern/v1/dlq/{deviceId}}, at most {@code dead-letters-per-message} per message
 * (the rest are counted in {@code tern.gateway.dead_letters.suppressed} and summarised in the last
 * published one).
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; never blocks.
 */
@Singleton
public final class DeadLetterPublisher {
  private final int maxPerMessage;
  private final GatewayMetrics metrics;
  private final Counter suppressed;
  private final DeadLetterSink sink;

  @Inject
  public DeadLetterPublisher(GatewayConfig config, GatewayMetrics metrics, MeterRegistry registry) {
    this(config.deadLettersPerMessage(), metrics, registry, new BrokerDeadLetterSink(registry));
  }

  DeadLetterPublisher(
      int maxPerMessage, GatewayMetrics metrics, MeterRegistry registry, DeadLetterSink sink) {
    if (maxPerMessage < 1) {
      throw new IllegalArgumentException("maxPerMessage must be positive, was " + maxPerMessage);
    }
    this.maxPerMessage = maxPerMessage;
    this.metrics = metrics;
    this.sink = sink;
    this.suppressed =
        Counter.builder("tern.gateway.dead_letters.suppressed")
            .description("rejected readings counted but not sent as dead letters (cap per message)")
            .register(registry);
  }

  /** A message rejected as a whole. */
  public void rejectMessage(RejectedMessage message, RejectionReason reason, String detail) {
    metrics.deadLetters(message.dlqDeviceId(), reason, 1);
    send(DeadLetters.forMessage(message, reason, detail));
  }

  /** Some (possibly all) readings of an otherwise taken message. */
  public void rejectReadings(RejectedMessage message, List<RejectedReading> rejected) {
    if (rejected.isEmpty()) {
      return;
    }
    String deviceId = message.dlqDeviceId();
    for (RejectedReading reading : rejected) {
      metrics.deadLetters(deviceId, reading.reason(), 1);
    }
    List<DeadLetter> letters = DeadLetters.forReadings(message, rejected, maxPerMessage);
    suppressed.increment(rejected.size() - letters.size());
    letters.forEach(this::send);
  }

  private void send(DeadLetter letter) {
    sink.send(DeadLetters.topic(letter), letter.reason(), DeadLetterJson.encode(letter));
  }
}
