package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.tern.gateway.config.LimitsConfig;
import io.tern.gateway.limits.Cooldowns;
import io.tern.gateway.limits.LogThrottle;
import io.tern.gateway.limits.TokenBucket;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-client publish rate limit ({@code tern.gateway.limits.publish-rate} / {@code
 * publish-burst}): one token bucket per MQTT client id. The broker runs this interceptor first, so
 * a PUBLISH over the limit is refused before it is decoded, journaled or authorized: PUBACK {@code
 * QUOTA_EXCEEDED} (0x97) for QoS 1 (the sender keeps the message and sends it again later), dropped
 * for QoS 0. Refusals are counted ({@code packet="publish", reason="QUOTA_EXCEEDED"}) and logged at
 * most once per client per minute.
 *
 * <p>A client that keeps publishing while refused is disconnected ({@code flood-disconnect-after}):
 * each refusal also takes a token from a second bucket, of refusals, that holds {@code
 * flood-disconnect-after} and refills at the publish rate. When it is empty (the client has sent
 * more than twice the rate for long enough), the gateway disconnects the client with DISCONNECT
 * {@code QUOTA_EXCEEDED}, once per connection, counts it ({@code packet="disconnect"}) and starts
 * its cool-down ({@link #cooldowns()}, checked at CONNECT by {@link ConnectRateGate}). A client
 * that stops at the first 0x97 is refused at most its in-flight window's worth and never gets
 * there.
 *
 * <p>The buckets outlive a reconnect (keyed by client id), so reconnecting refills neither. Memory:
 * a client whose buckets have both refilled completely is the same as none, so such clients are
 * dropped whenever the map has doubled since the last sweep; what remains are clients that
 * published or were refused within the last few burst/rate seconds.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; never blocks.
 */
@Singleton
public final class PublishRateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(PublishRateLimiter.class);
  static final int MIN_SWEEP_SIZE = 1024;

  /** What happens to one PUBLISH. */
  enum Admission {
    ADMITTED,
    REFUSED,
    /** Refused, and the client has used up its refusals: disconnect it. */
    FLOODING
  }

  /** Ends a client's connection (HiveMQ's client service in the broker; a fake in tests). */
  @FunctionalInterface
  interface Disconnector {
    void disconnect(String clientId, String reasonString);
  }

  /** A client's buckets: publishes admitted, refusals tolerated (null when flooders may stay). */
  private record Allowance(TokenBucket publishes, TokenBucket refusals) {
    boolean isIdle(long nowMs) {
      return publishes.isFull(nowMs) && (refusals == null || refusals.isFull(nowMs));
    }
  }

  private final Map<String, Allowance> allowances = new ConcurrentHashMap<>();
  private final LogThrottle logThrottle = new LogThrottle();
  private final LimitsConfig limits;
  private final SecurityMetrics metrics;
  private final InstantSource clock;
  private final Disconnector disconnector;
  private final Cooldowns cooldowns;
  private volatile int sweepAtSize = MIN_SWEEP_SIZE;

  @Inject
  public PublishRateLimiter(LimitsConfig limits, SecurityMetrics metrics) {
    this(limits, metrics, InstantSource.system(), PublishRateLimiter::disconnectInBroker);
  }

  PublishRateLimiter(
      LimitsConfig limits,
      SecurityMetrics metrics,
      InstantSource clock,
      Disconnector disconnector) {
    this.limits = limits;
    this.metrics = metrics;
    this.clock = clock;
    this.disconnector = disconnector;
    this.cooldowns =
        new Cooldowns(limits.disconnectsFlooders() ? limits.floodCooldown().toMillis() : 0);
  }

  /** Whether publishes are limited at all (else no interceptor need be installed). */
  public boolean enabled() {
    return limits.limitsPublishRate();
  }

  /** Clients disconnected for flooding, refused at CONNECT while they cool down. */
  public Cooldowns cooldowns() {
    return cooldowns;
  }

  /** The interceptor for one new connection (it disconnects a flooder once per connection). */
  public Connection forConnection() {
    return new Connection();
  }

  /** The limit on one connection. Called concurrently by HiveMQ's extension threads. */
  public final class Connection implements PublishInboundInterceptor {
    private final AtomicBoolean disconnecting = new AtomicBoolean();

    private Connection() {}

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
      if (!publish(input.getClientInformation().getClientId(), clock.millis())) {
        output.preventPublishDelivery(
            AckReasonCode.QUOTA_EXCEEDED,
            "publish rate over " + limits.publishRate() + "/s, send it again later");
      }
    }

    /** Whether the PUBLISH is admitted; disconnects the client when it floods. */
    boolean publish(String clientId, long nowMs) {
      Admission admission = admit(clientId, nowMs);
      if (admission == Admission.FLOODING && disconnecting.compareAndSet(false, true)) {
        disconnectFlooder(clientId, nowMs);
      }
      return admission == Admission.ADMITTED;
    }
  }

  /** Takes a token of {@code clientId}'s bucket; counts and logs a refusal. */
  Admission admit(String clientId, long nowMs) {
    Allowance allowance = allowances.get(clientId);
    if (allowance == null) {
      if (allowances.size() >= sweepAtSize) {
        sweep(nowMs);
      }
      allowance = allowances.computeIfAbsent(clientId, id -> newAllowance(nowMs));
    }
    if (allowance.publishes().tryTake(nowMs)) {
      return Admission.ADMITTED;
    }
    metrics.refused("publish", AckReasonCode.QUOTA_EXCEEDED);
    if (logThrottle.shouldLog(clientId, nowMs)) {
      LOG.warn(
          "Client '{}' publishes faster than {}/s (burst {}; tern.gateway.limits.publish-rate):"
              + " refusing with QUOTA_EXCEEDED; counted in tern_gateway_security_refusals_total,"
              + " logged at most once a minute per client",
          clientId,
          limits.publishRate(),
          limits.publishBurst());
    }
    TokenBucket refusals = allowance.refusals();
    return refusals == null || refusals.tryTake(nowMs) ? Admission.REFUSED : Admission.FLOODING;
  }

  private Allowance newAllowance(long nowMs) {
    int rate = limits.publishRate();
    return new Allowance(
        new TokenBucket(rate, limits.publishBurst(), nowMs),
        limits.disconnectsFlooders()
            ? new TokenBucket(rate, limits.floodDisconnectAfter(), nowMs)
            : null);
  }

  private void disconnectFlooder(String clientId, long nowMs) {
    long cooldownMs = cooldowns.offend(clientId, nowMs);
    metrics.refused("disconnect", DisconnectReasonCode.QUOTA_EXCEEDED);
    if (logThrottle.shouldLog("flood|" + clientId, nowMs)) {
      LOG.warn(
          "Client '{}' kept publishing while refused (more than {} refusals beyond what {}/s refills;"
              + " tern.gateway.limits.flood-disconnect-after): disconnecting it with"
              + " QUOTA_EXCEEDED{}; counted in tern_gateway_security_refusals_total, logged at"
              + " most once a minute per client",
          clientId,
          limits.floodDisconnectAfter(),
          limits.publishRate(),
          cooldownMs > 0 ? ", refusing its CONNECTs for " + Duration.ofMillis(cooldownMs) : "");
    }
    disconnector.disconnect(
        clientId,
        "kept publishing while refused with QUOTA_EXCEEDED"
            + (cooldownMs > 0 ? "; reconnect in " + cooldownMs / 1000 + " s or later" : ""));
  }

  private static void disconnectInBroker(String clientId, String reasonString) {
    Services.clientService()
        .disconnectClient(clientId, false, DisconnectReasonCode.QUOTA_EXCEEDED, reasonString)
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                LOG.warn("Could not disconnect flooding client '{}'", clientId, error);
              }
            });
  }

  /** Clients with buckets (for tests). */
  int tracked() {
    return allowances.size();
  }

  private void sweep(long nowMs) {
    allowances.values().removeIf(allowance -> allowance.isIdle(nowMs));
    sweepAtSize = Math.max(MIN_SWEEP_SIZE, 2 * allowances.size());
  }
}
