package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import io.tern.gateway.config.LimitsConfig;
import io.tern.gateway.limits.Cooldowns;
import io.tern.gateway.limits.LogThrottle;
import io.tern.gateway.limits.TokenBucket;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-rate limit: one token bucket for all CONNECT attempts, checked before anything
 * else (in particular before the slow password hash), so a CONNECT flood costs the gateway almost
 * nothing. Over the limit: CONNACK {@code CONNECTION_RATE_EXCEEDED} (0x9F), counted, logged at most
 * once a minute. Admitted attempts go on to the password check, or succeed when clients are
 * anonymous.
 *
 * <p>Before the bucket, a client id cooling down after a flood disconnect (publishing while
 * refused, or too many invalid messages: {@link PublishRateLimiter}) is refused with the same code
 * (a map lookup; it takes no token), counted and logged at most once per client per minute.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; does not block.
 */
final class ConnectRateGate implements SimpleAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectRateGate.class);

  private final Cooldowns cooldowns;
  private final TokenBucket bucket;
  private final SimpleAuthenticator next;
  private final SecurityMetrics metrics;
  private final InstantSource clock;
  private final LogThrottle logThrottle = new LogThrottle();
  private final int rate;

  /**
   * @param next the password check, or null when clients are anonymous
   */
  ConnectRateGate(
      LimitsConfig limits,
      Cooldowns cooldowns,
      SimpleAuthenticator next,
      SecurityMetrics metrics,
      InstantSource clock) {
    this.rate = limits.connectRate();
    this.cooldowns = cooldowns;
    this.bucket =
        limits.limitsConnectRate()
            ? new TokenBucket(rate, limits.connectBurst(), clock.millis())
            : null;
    this.next = next;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    long now = clock.millis();
    String clientId = input.getClientInformation().getClientId();
    long coolingMs = cooldowns.remainingMs(clientId, now);
    if (coolingMs > 0) {
      refuseCoolingDown(clientId, coolingMs, now, output);
      return;
    }
    if (bucket != null && !bucket.tryTake(now)) {
      metrics.refused("connect", ConnackReasonCode.CONNECTION_RATE_EXCEEDED);
      if (logThrottle.shouldLog("connect", now)) {
        LOG.warn(
            "Refusing CONNECTs over {}/s (tern.gateway.limits.connect-rate), e.g. of client '{}':"
                + " CONNECTION_RATE_EXCEEDED; counted in tern_gateway_security_refusals_total,"
                + " logged at most once a minute",
            rate,
            clientId);
      }
      output.failAuthentication(
          ConnackReasonCode.CONNECTION_RATE_EXCEEDED, "too many connection attempts, retry later");
      return;
    }
    if (next == null) {
      output.authenticateSuccessfully();
    } else {
      next.onConnect(input, output);
    }
  }

  private void refuseCoolingDown(
      String clientId, long coolingMs, long now, SimpleAuthOutput output) {
    metrics.refused("connect", ConnackReasonCode.CONNECTION_RATE_EXCEEDED);
    long seconds = (coolingMs + 999) / 1000;
    if (logThrottle.shouldLog("cooldown|" + clientId, now)) {
      LOG.warn(
          "Refusing CONNECT of client '{}' for {} s more: it was disconnected for flooding"
              + " (publishing while refused, or too many invalid messages;"
              + " tern.gateway.limits.flood-cooldown); CONNECTION_RATE_EXCEEDED, counted in"
              + " tern_gateway_security_refusals_total, logged at most once a minute per client",
          clientId,
          seconds);
    }
    output.failAuthentication(
        ConnackReasonCode.CONNECTION_RATE_EXCEEDED,
        "cooling down after a flood disconnect, retry in " + seconds + " s");
  }
}
