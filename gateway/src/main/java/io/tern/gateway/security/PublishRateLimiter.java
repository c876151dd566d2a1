package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.tern.gateway.config.LimitsConfig;
import io.tern.gateway.limits.LogThrottle;
import io.tern.gateway.limits.TokenBucket;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>The bucket outlives a reconnect (keyed by client id), so reconnecting does not refill it.
 * Memory: a bucket that has refilled completely is the same as none, so full buckets are dropped
 * whenever the map has doubled since the last sweep; what remains are clients that published within
 * the last burst/rate seconds.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; never blocks.
 */
@Singleton
public final class PublishRateLimiter implements PublishInboundInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(PublishRateLimiter.class);
  static final int MIN_SWEEP_SIZE = 1024;

  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final LogThrottle logThrottle = new LogThrottle();
  private final LimitsConfig limits;
  private final SecurityMetrics metrics;
  private final InstantSource clock;
  private volatile int sweepAtSize = MIN_SWEEP_SIZE;

  @Inject
  public PublishRateLimiter(LimitsConfig limits, SecurityMetrics metrics) {
    this(limits, metrics, InstantSource.system());
  }

  PublishRateLimiter(LimitsConfig limits, SecurityMetrics metrics, InstantSource clock) {
    this.limits = limits;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Whether publishes are limited at all (else this interceptor need not be installed). */
  public boolean enabled() {
    return limits.limitsPublishRate();
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String clientId = input.getClientInformation().getClientId();
    if (admit(clientId, clock.millis())) {
      return;
    }
    output.preventPublishDelivery(
        AckReasonCode.QUOTA_EXCEEDED,
        "publish rate over " + limits.publishRate() + "/s, send it again later");
  }

  /** Takes a token of {@code clientId}'s bucket; counts and logs a refusal. */
  boolean admit(String clientId, long nowMs) {
    TokenBucket bucket = buckets.get(clientId);
    if (bucket == null) {
      if (buckets.size() >= sweepAtSize) {
        sweep(nowMs);
      }
      bucket =
          buckets.computeIfAbsent(
              clientId, id -> new TokenBucket(limits.publishRate(), limits.publishBurst(), nowMs));
    }
    if (bucket.tryTake(nowMs)) {
      return true;
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
    return false;
  }

  /** Clients with a bucket (for tests). */
  int tracked() {
    return buckets.size();
  }

  private void sweep(long nowMs) {
    buckets.values().removeIf(bucket -> bucket.isFull(nowMs));
    sweepAtSize = Math.max(MIN_SWEEP_SIZE, 2 * buckets.size());
  }
}
