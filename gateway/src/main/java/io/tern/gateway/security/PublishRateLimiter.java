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
 * its cool-down ({@link #cooldowns()}, checked at CONNECT by {@link ConnectRateGate}). It is then
 * on probation for as long as the cool-downs remember it ({@link Cooldowns#isOffender}): its
 * publish bucket is empty until the cool-down ends, and both its buckets hold only a tenth of the
 * rate (100 ms' worth) instead of {@code publish-burst} and {@code flood-disconnect-after}, so a
 * flooder that comes back sends no burst of garbage and is disconnected again after a few refusals;
 * a client that comes back with a small window (the edge agent keeps 8 in flight) and stops at the
 * first 0x97 stays. A client that stops at the first 0x97 is refused at most its in-flight window's
 * worth and never gets there.
 *
 * <p>A client whose messages are refused as invalid (undecodable, spoofed, wrong topic: reported by
 * the telemetry interceptor through {@link #rejectedAsInvalid}) more often than {@code
 * invalid-rate} (burst {@code invalid-burst}) is disconnected with DISCONNECT {@code
 * PAYLOAD_FORMAT_INVALID}, counted, and cooled down and put on probation the same way: each invalid
 * message costs the gateway a decode and a dead letter, so a device sending garbage within its
 * publish rate is cut off too. Once a client is being disconnected, what it had already sent is
 * refused (0x97) before it is decoded; without a cool-down ({@code flood-cooldown: 0}) it is
 * decoded and refused as usual, but for {@link #CUT_OFF_SETTLE_MS} (the time a disconnect takes) it
 * does not cut the client off again. A client is cut off for invalid messages once per cut-off,
 * however many threads report its messages at the same time.
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

  /**
   * A client on probation may send a burst of {@code publish-rate / 10} (100 ms' worth) and is
   * disconnected after as many refusals.
   */
  static final int PROBATION_BURST_DIVISOR = 10;

  /**
   * After a client is cut off for invalid messages, its further invalid messages do not cut it off
   * (nor count) again for this long: those it had sent before the disconnect took effect.
   */
  static final long CUT_OFF_SETTLE_MS = 1_000;

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
    void disconnect(String clientId, DisconnectReasonCode reason, String reasonString);
  }

  /**
   * A client's buckets: publishes admitted (null without a publish rate), refusals tolerated (null
   * when flooders may stay), invalid messages tolerated (null when they may go on).
   */
  private record Allowance(
      TokenBucket publishes, TokenBucket refusals, TokenBucket invalid, boolean onProbation) {
    boolean isIdle(long nowMs) {
      return isFull(publishes, nowMs) && isFull(refusals, nowMs) && isFull(invalid, nowMs);
    }

    private static boolean isFull(TokenBucket bucket, long nowMs) {
      return bucket == null || bucket.isFull(nowMs);
    }
  }

  private final Map<String, Allowance> allowances = new ConcurrentHashMap<>();

  /** When each client was last cut off for invalid messages (kept {@link #CUT_OFF_SETTLE_MS}). */
  private final Map<String, Long> cutOffAtMs = new ConcurrentHashMap<>();

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
        new Cooldowns(
            limits.disconnectsFlooders() || limits.limitsInvalidRate()
                ? limits.floodCooldown().toMillis()
                : 0);
  }

  /** Whether publishes are limited at all (else no interceptor need be installed). */
  public boolean enabled() {
    return limits.limitsPublishRate() || limits.limitsInvalidRate();
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

    /**
     * Whether the PUBLISH is admitted; disconnects the client when it floods. Once the client is
     * being disconnected (or cools down), what it had already sent is refused without a look.
     */
    boolean publish(String clientId, long nowMs) {
      if (disconnecting.get() || cooldowns.remainingMs(clientId, nowMs) > 0) {
        metrics.refused("publish", AckReasonCode.QUOTA_EXCEEDED);
        return false;
      }
      Admission admission = admit(clientId, nowMs);
      if (admission == Admission.FLOODING && disconnecting.compareAndSet(false, true)) {
        disconnectFlooder(clientId, nowMs);
      }
      return admission == Admission.ADMITTED;
    }
  }

  /**
   * A message of {@code clientId} was refused as invalid (PUBACK {@code PAYLOAD_FORMAT_INVALID} or
   * {@code TOPIC_NAME_INVALID}; {@code tern.gateway.limits.invalid-rate}): takes a token of its
   * invalid bucket; when there is none, disconnects the client with {@code PAYLOAD_FORMAT_INVALID}
   * and starts its cool-down and probation, as for a flood.
   */
  public void rejectedAsInvalid(String clientId, long nowMs) {
    if (!limits.limitsInvalidRate()
        || cooldowns.remainingMs(clientId, nowMs) > 0
        || isSettling(clientId, nowMs)) {
      return;
    }
    if (allowance(clientId, nowMs).invalid().tryTake(nowMs) || !claimCutOff(clientId, nowMs)) {
      return;
    }
    cutOff(
        clientId,
        nowMs,
        DisconnectReasonCode.PAYLOAD_FORMAT_INVALID,
        "sent more invalid messages than %d/s (burst %d; tern.gateway.limits.invalid-rate)"
            .formatted(limits.invalidRate(), limits.invalidBurst()),
        "too many invalid messages (see the dead-letter topic)");
  }

  /** Whether {@code clientId} was cut off for invalid messages less than the settle time ago. */
  private boolean isSettling(String clientId, long nowMs) {
    return isRecent(cutOffAtMs.get(clientId), nowMs);
  }

  private static boolean isRecent(Long cutOffAtMs, long nowMs) {
    return cutOffAtMs != null && nowMs - cutOffAtMs < CUT_OFF_SETTLE_MS;
  }

  /**
   * Whether this caller is the one to cut {@code clientId} off for invalid messages: false if it
   * was cut off less than {@link #CUT_OFF_SETTLE_MS} ago (by another thread, or before its
   * disconnect took effect).
   */
  private boolean claimCutOff(String clientId, long nowMs) {
    boolean[] claimed = new boolean[1];
    cutOffAtMs.compute(
        clientId,
        (id, previousMs) -> {
          if (isRecent(previousMs, nowMs)) {
            return previousMs; // another thread was first
          }
          claimed[0] = true;
          return nowMs;
        });
    return claimed[0];
  }

  /** Takes a token of {@code clientId}'s bucket; counts and logs a refusal. */
  Admission admit(String clientId, long nowMs) {
    if (!limits.limitsPublishRate()) {
      return Admission.ADMITTED;
    }
    Allowance allowance = allowance(clientId, nowMs);
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

  /** {@code clientId}'s buckets, made (or, once its probation is over, renewed) if need be. */
  private Allowance allowance(String clientId, long nowMs) {
    Allowance allowance = allowances.get(clientId);
    if (allowance == null) {
      if (allowances.size() >= sweepAtSize) {
        sweep(nowMs);
      }
      return allowances.computeIfAbsent(clientId, id -> newAllowance(id, nowMs));
    }
    if (allowance.onProbation() && !cooldowns.isOffender(clientId, nowMs)) {
      return allowances.compute(clientId, (id, current) -> forgiven(id, current, nowMs));
    }
    return allowance;
  }

  private Allowance newAllowance(String clientId, long nowMs) {
    int rate = limits.publishRate();
    boolean offender = cooldowns.isOffender(clientId, nowMs);
    TokenBucket publishes = null;
    if (limits.limitsPublishRate()) {
      publishes =
          offender ? probationBucket(nowMs) : new TokenBucket(rate, limits.publishBurst(), nowMs);
    }
    return new Allowance(
        publishes,
        refusalsBucket(offender, nowMs),
        limits.limitsInvalidRate()
            ? new TokenBucket(limits.invalidRate(), limits.invalidBurst(), nowMs)
            : null,
        offender && publishes != null);
  }

  /**
   * A client whose probation is over gets the full burst and refusal allowance again (its invalid
   * bucket is kept).
   */
  private Allowance forgiven(String clientId, Allowance current, long nowMs) {
    if (current == null) {
      return newAllowance(clientId, nowMs); // swept meanwhile
    }
    if (!current.onProbation()) {
      return current;
    }
    return new Allowance(
        new TokenBucket(limits.publishRate(), limits.publishBurst(), nowMs),
        refusalsBucket(false, nowMs),
        current.invalid(),
        false);
  }

  /** The refusals tolerated: {@code flood-disconnect-after}, on probation a tenth of the rate. */
  private TokenBucket refusalsBucket(boolean onProbation, long nowMs) {
    if (!limits.disconnectsFlooders()) {
      return null;
    }
    int rate = limits.publishRate();
    return onProbation
        ? probationBucket(nowMs)
        : new TokenBucket(rate, limits.floodDisconnectAfter(), nowMs);
  }

  /** A bucket of a client on probation: the publish rate, holding a tenth of it. */
  private TokenBucket probationBucket(long nowMs) {
    int rate = limits.publishRate();
    return new TokenBucket(rate, Math.max(1, rate / PROBATION_BURST_DIVISOR), nowMs);
  }

  /**
   * Starts {@code clientId}'s cool-down and its probation: its publish bucket is empty until the
   * cool-down ends and then holds a tenth of the rate.
   *
   * @return the cool-down in milliseconds, 0 if none
   */
  private long startCooldown(String clientId, long nowMs) {
    long cooldownMs = cooldowns.offend(clientId, nowMs);
    if (limits.limitsPublishRate()) {
      allowances.computeIfPresent(
          clientId,
          (id, allowance) -> {
            TokenBucket onProbation = probationBucket(nowMs);
            onProbation.emptyUntil(nowMs + cooldownMs);
            return new Allowance(
                onProbation, refusalsBucket(true, nowMs), allowance.invalid(), true);
          });
    }
    return cooldownMs;
  }

  private void disconnectFlooder(String clientId, long nowMs) {
    cutOff(
        clientId,
        nowMs,
        DisconnectReasonCode.QUOTA_EXCEEDED,
        "kept publishing while refused (more than %d refusals beyond what %d/s refills;"
                .formatted(limits.floodDisconnectAfter(), limits.publishRate())
            + " tern.gateway.limits.flood-disconnect-after)",
        "kept publishing while refused with QUOTA_EXCEEDED");
  }

  /**
   * Disconnects {@code clientId} with {@code reason}, starts its cool-down and probation, counts it
   * ({@code packet="disconnect"}) and logs it at most once a minute per client and reason.
   */
  private void cutOff(
      String clientId, long nowMs, DisconnectReasonCode reason, String why, String reasonString) {
    long cooldownMs = startCooldown(clientId, nowMs);
    metrics.refused("disconnect", reason);
    if (logThrottle.shouldLog(reason + "|" + clientId, nowMs)) {
      LOG.warn(
          "Client '{}' {}: disconnecting it with {}{}; counted in"
              + " tern_gateway_security_refusals_total, logged at most once a minute per client",
          clientId,
          why,
          reason,
          cooldownMs > 0 ? ", refusing its CONNECTs for " + Duration.ofMillis(cooldownMs) : "");
    }
    disconnector.disconnect(
        clientId,
        reason,
        reasonString
            + (cooldownMs > 0 ? "; reconnect in " + cooldownMs / 1000 + " s or later" : ""));
  }

  private static void disconnectInBroker(
      String clientId, DisconnectReasonCode reason, String reasonString) {
    Services.clientService()
        .disconnectClient(clientId, false, reason, reasonString)
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                LOG.warn("Could not disconnect client '{}' ({})", clientId, reason, error);
              }
            });
  }

  /** Clients with buckets (for tests). */
  int tracked() {
    return allowances.size();
  }

  private void sweep(long nowMs) {
    allowances.values().removeIf(allowance -> allowance.isIdle(nowMs));
    cutOffAtMs.values().removeIf(atMs -> !isRecent(atMs, nowMs));
    sweepAtSize = Math.max(MIN_SWEEP_SIZE, 2 * allowances.size());
  }
}
