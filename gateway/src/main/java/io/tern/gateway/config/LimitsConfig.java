package io.tern.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.time.Duration;

/**
 * Abuse limits at the gateway's MQTT listener, bound from {@code tern.gateway.limits.*}. The
 * defaults leave room for the heaviest load this project runs (the simulator's 10,000-device
 * scenario connects 500 devices/s; {@code ./tern bench ingest} connects 1,000 devices at once and
 * sends ~30 publishes/s per device); docs/security.md lists each limit and what a client sees.
 *
 * @param maxPacketSize largest MQTT packet accepted (e.g. {@code 1MB}); a bigger PUBLISH ends the
 *     connection with DISCONNECT {@code PACKET_TOO_LARGE}
 * @param publishRate PUBLISH packets per second one client may send on average; 0 = no limit. Over
 *     it: PUBACK {@code QUOTA_EXCEEDED} (QoS 1) or dropped (QoS 0)
 * @param publishBurst PUBLISH packets one client may send at once after being quiet; unset = twice
 *     {@code publishRate}
 * @param maxInFlight unacknowledged QoS 1/2 PUBLISHes per client (the Server Receive Maximum
 *     announced in the CONNACK); a client that sends more is disconnected with {@code
 *     RECEIVE_MAXIMUM_EXCEEDED}. The default, 100, is what one client can use under the publish
 *     rate (200/s) with round trips up to 500 ms, and bounds the burst a new connection can send
 *     before any refusal reaches it
 * @param connectRate CONNECT attempts per second over all clients, checked before the password
 *     hash; 0 = no limit. Over it: CONNACK {@code CONNECTION_RATE_EXCEEDED}
 * @param connectBurst CONNECT attempts accepted at once after a quiet period; unset = twice {@code
 *     connectRate}
 * @param connectTimeout how long a socket may stay open without sending CONNECT
 * @param maxConnections most open MQTT connections; more get CONNACK {@code QUOTA_EXCEEDED}
 * @param maxClientIdLength longest MQTT client id accepted
 * @param maxTopicLength longest topic name or filter accepted
 * @param floodDisconnectAfter refusals over the publish rate a client may collect beyond what the
 *     publish rate refills (a second token bucket, of refusals) before the gateway disconnects it
 *     with {@code QUOTA_EXCEEDED}: a client that keeps publishing while refused; 0 = never; unset =
 *     {@code publishBurst + maxInFlight}
 * @param floodCooldown how long a client so disconnected is refused at CONNECT ({@code
 *     CONNECTION_RATE_EXCEEDED}); doubles on each repeat offence up to {@link
 *     io.tern.gateway.limits.Cooldowns#MAX_COOLDOWN_MS}; 0 = no cool-down
 * @param invalidRate messages per second one client may have refused as invalid (undecodable,
 *     spoofed, bad topic: PUBACK {@code PAYLOAD_FORMAT_INVALID} or {@code TOPIC_NAME_INVALID}) on
 *     average; beyond it and {@code invalidBurst} the gateway disconnects it with {@code
 *     PAYLOAD_FORMAT_INVALID} and starts the flood cool-down; 0 = never
 * @param invalidBurst invalid messages tolerated at once; unset = twice {@code invalidRate}
 * @param maxSessionExpiry the longest a session may outlive its connection (the broker's maximum
 *     Session Expiry Interval: a client asking for more is told this value in its CONNACK), so that
 *     sessions left behind by clients that connected without clean start and never came back are
 *     dropped; 0 = every session ends with its connection
 */
@ConfigurationProperties("tern.gateway.limits")
public record LimitsConfig(
    @Bindable(defaultValue = "1MB") @ReadableBytes long maxPacketSize,
    @Bindable(defaultValue = "200") int publishRate,
    @Nullable Integer publishBurst,
    @Bindable(defaultValue = "100") int maxInFlight,
    @Bindable(defaultValue = "500") int connectRate,
    @Nullable Integer connectBurst,
    @Bindable(defaultValue = "10s") Duration connectTimeout,
    @Bindable(defaultValue = "20000") long maxConnections,
    @Bindable(defaultValue = "256") int maxClientIdLength,
    @Bindable(defaultValue = "1024") int maxTopicLength,
    @Nullable Integer floodDisconnectAfter,
    @Bindable(defaultValue = "10s") Duration floodCooldown,
    @Bindable(defaultValue = "10") int invalidRate,
    @Nullable Integer invalidBurst,
    @Bindable(defaultValue = "1d") Duration maxSessionExpiry) {

  /** The largest Session Expiry Interval MQTT can express (seconds; about 136 years). */
  static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

  /** HiveMQ's own ceiling for {@code max-packet-size}: the MQTT maximum (256 MiB) plus header. */
  static final long MAX_PACKET_SIZE_CEILING = 268_435_460L;

  private static final String KEY = "tern.gateway.limits.";

  public LimitsConfig {
    if (maxPacketSize < 64 || maxPacketSize > MAX_PACKET_SIZE_CEILING) {
      throw new IllegalArgumentException(
          KEY + "max-packet-size must be 64 B..256 MiB, was " + maxPacketSize);
    }
    publishBurst = burst("publish", publishRate, publishBurst);
    connectBurst = burst("connect", connectRate, connectBurst);
    invalidBurst = burst("invalid", invalidRate, invalidBurst);
    requireIn("max-in-flight", maxInFlight, 1, 65_535);
    requireIn("max-client-id-length", maxClientIdLength, 1, 65_535);
    requireIn("max-topic-length", maxTopicLength, 1, 65_535);
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          KEY + "max-connections must be positive, was " + maxConnections);
    }
    floodDisconnectAfter = floodDisconnectAfter(floodDisconnectAfter, publishBurst, maxInFlight);
    if (floodCooldown.isNegative() || floodCooldown.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          KEY + "flood-cooldown must be 0..1d (0 = none), was " + floodCooldown);
    }
    if (maxSessionExpiry.isNegative()
        || maxSessionExpiry.getSeconds() > MAX_SESSION_EXPIRY_SECONDS
        || maxSessionExpiry.getNano() != 0) {
      throw new IllegalArgumentException(
          KEY
              + "max-session-expiry must be whole seconds, 0s.."
              + MAX_SESSION_EXPIRY_SECONDS
              + "s, was "
              + maxSessionExpiry);
    }
    if (connectTimeout.toMillis() < 1 || connectTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          KEY + "connect-timeout must be 1ms..24d, was " + connectTimeout);
    }
  }

  /** Whether publishes are rate-limited per client. */
  public boolean limitsPublishRate() {
    return publishRate > 0;
  }

  /** Whether CONNECT attempts are rate-limited. */
  public boolean limitsConnectRate() {
    return connectRate > 0;
  }

  /** Whether a client that keeps sending invalid messages is disconnected. */
  public boolean limitsInvalidRate() {
    return invalidRate > 0;
  }

  /** Whether a client that keeps publishing while refused is disconnected. */
  public boolean disconnectsFlooders() {
    return limitsPublishRate() && floodDisconnectAfter > 0;
  }

  private static Integer floodDisconnectAfter(Integer configured, int publishBurst, int inFlight) {
    if (configured == null) {
      return (int) Math.min(Integer.MAX_VALUE, (long) publishBurst + inFlight);
    }
    if (configured < 0) {
      throw new IllegalArgumentException(
          KEY + "flood-disconnect-after must not be negative (0 = never), was " + configured);
    }
    return configured;
  }

  private static Integer burst(String what, int rate, Integer burst) {
    if (rate < 0) {
      throw new IllegalArgumentException(
          KEY + what + "-rate must not be negative (0 = no limit), was " + rate);
    }
    int resolved = burst != null ? burst : (int) Math.min(Integer.MAX_VALUE, 2L * rate);
    if (rate > 0 && resolved < 1) {
      throw new IllegalArgumentException(KEY + what + "-burst must be positive, was " + resolved);
    }
    return resolved;
  }

  private static void requireIn(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          KEY + key + " must be " + min + ".." + max + ", was " + value);
    }
  }
}
