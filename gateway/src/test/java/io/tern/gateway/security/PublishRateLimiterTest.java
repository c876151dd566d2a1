package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tern.gateway.config.LimitsConfig;
import io.tern.gateway.limits.Cooldowns;
import io.tern.gateway.security.PublishRateLimiter.Admission;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-client buckets, counted refusals, the sweep of idle clients and the disconnect of clients
 * that keep publishing while refused, on an injected clock.
 */
class PublishRateLimiterTest {
  private static final long T0 = 1_700_000_000_000L;

  private final SecurityMetrics metrics = new SecurityMetrics(new SimpleMeterRegistry());
  private final List<String> disconnected = new ArrayList<>();
  private final List<DisconnectReasonCode> disconnectReasons = new ArrayList<>();
  private final PublishRateLimiter limiter = limiter(limits(10, 20, 0, Duration.ZERO));

  static LimitsConfig limits(int publishRate, Integer publishBurst) {
    return limits(publishRate, publishBurst, null, Duration.ofSeconds(10));
  }

  static LimitsConfig limits(
      int publishRate, Integer publishBurst, Integer floodDisconnectAfter, Duration cooldown) {
    return limits(publishRate, publishBurst, floodDisconnectAfter, cooldown, 0, null);
  }

  static LimitsConfig limits(
      int publishRate,
      Integer publishBurst,
      Integer floodDisconnectAfter,
      Duration cooldown,
      int invalidRate,
      Integer invalidBurst) {
    return new LimitsConfig(
        1 << 20,
        publishRate,
        publishBurst,
        1000,
        500,
        null,
        Duration.ofSeconds(10),
        20_000,
        256,
        1024,
        floodDisconnectAfter,
        cooldown,
        invalidRate,
        invalidBurst,
        Duration.ofDays(1));
  }

  private PublishRateLimiter limiter(LimitsConfig limits) {
    return new PublishRateLimiter(
        limits,
        metrics,
        InstantSource.fixed(Instant.ofEpochMilli(T0)),
        (clientId, reason, reasonString) -> {
          disconnected.add(clientId);
          disconnectReasons.add(reason);
        });
  }

  private int admitted(String clientId, long nowMs, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.admit(clientId, nowMs) == Admission.ADMITTED) {
        admitted++;
      }
    }
    return admitted;
  }

  /** Publishes {@code attempts} times on {@code connection}; returns how many were admitted. */
  private static int published(
      PublishRateLimiter.Connection connection, String clientId, long nowMs, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      if (connection.publish(clientId, nowMs)) {
        admitted++;
      }
    }
    return admitted;
  }

  @Test
  void eachClient_hasItsOwnBucket_andRefusalsAreCounted() {
    assertThat(admitted("dev-a", T0, 50)).isEqualTo(20);
    assertThat(admitted("dev-b", T0, 5)).as("a quiet neighbour is not affected").isEqualTo(5);
    assertThat(admitted("dev-a", T0 + 1000, 50)).as("10/s").isEqualTo(10);

    assertThat(metrics.refusals("publish", "QUOTA_EXCEEDED")).isEqualTo(30 + 40);
  }

  @Test
  void idleClients_areForgotten_whenTheMapHasGrown_withoutRefillingBusyOnes() {
    admitted("busy", T0, 20); // empty bucket
    for (int i = 0; i < PublishRateLimiter.MIN_SWEEP_SIZE - 1; i++) {
      limiter.admit("idle-" + i, T0);
    }
    assertThat(limiter.tracked()).isEqualTo(PublishRateLimiter.MIN_SWEEP_SIZE);

    // 1 s later the idle ones (one token spent) are full again; "busy" (20 spent) is not.
    long later = T0 + 1000;
    limiter.admit("newcomer", later);

    assertThat(limiter.tracked()).isEqualTo(2); // busy + newcomer
    assertThat(admitted("busy", later, 20)).as("still limited: 1 s refilled 10").isEqualTo(10);
  }

  @Test
  void defaultBurst_isTwiceTheRate() {
    assertThat(limits(200, null).publishBurst()).isEqualTo(400);
    assertThat(limits(0, null).limitsPublishRate()).isFalse();
  }

  @Test
  void defaultFloodThreshold_isTheBurstPlusTheInFlightWindow() {
    assertThat(limits(200, null).floodDisconnectAfter()).isEqualTo(400 + 1000);
    assertThat(limits(200, null).disconnectsFlooders()).isTrue();
    assertThat(limits(200, null, 0, Duration.ZERO).disconnectsFlooders()).isFalse();
    assertThat(limits(0, null).disconnectsFlooders()).as("nothing is refused").isFalse();
  }

  @Test
  void aClientThatKeepsPublishingWhileRefused_isDisconnectedOnce_andCoolsDown() {
    PublishRateLimiter flood = limiter(limits(10, 20, 30, Duration.ofSeconds(10)));
    PublishRateLimiter.Connection connection = flood.forConnection();

    assertThat(published(connection, "flooder", T0, 20)).as("the burst").isEqualTo(20);
    assertThat(published(connection, "flooder", T0, 30)).isZero();
    assertThat(disconnected).as("30 refusals are tolerated").isEmpty();

    assertThat(connection.publish("flooder", T0)).isFalse();
    assertThat(disconnected).as("the 31st refusal").containsExactly("flooder");
    assertThat(metrics.refusals("disconnect", "QUOTA_EXCEEDED")).isEqualTo(1);
    assertThat(flood.cooldowns().remainingMs("flooder", T0)).isEqualTo(10_000);

    published(connection, "flooder", T0 + 1, 100); // what was already on its way
    assertThat(disconnected).as("once per connection").hasSize(1);
    assertThat(metrics.refusals("disconnect", "QUOTA_EXCEEDED")).isEqualTo(1);
    assertThat(metrics.refusals("publish", "QUOTA_EXCEEDED")).isEqualTo(30 + 1 + 100);
  }

  @Test
  void aClientThatBacksOff_isNeverDisconnected_howeverOftenItIsRefused() {
    PublishRateLimiter flood = limiter(limits(10, 20, 30, Duration.ofSeconds(10)));
    PublishRateLimiter.Connection connection = flood.forConnection();
    long now = T0;
    int refused = 0;
    // Sends a window of 25 every 3 s and waits after the refusals: 5 refused each round.
    for (int round = 0; round < 100; round++, now += 3_000) {
      refused += 25 - published(connection, "agent", now, 25);
    }

    assertThat(refused).as("refused far more often than 30 in all").isGreaterThan(10 * 30);
    assertThat(disconnected).isEmpty();
  }

  @Test
  void aClientSendingJustOverTwiceTheRate_isDisconnected_eventually() {
    PublishRateLimiter flood = limiter(limits(10, 20, 30, Duration.ofSeconds(10)));
    PublishRateLimiter.Connection connection = flood.forConnection();
    long now = T0;
    for (int second = 0; second < 60 && disconnected.isEmpty(); second++, now += 1_000) {
      published(connection, "steady", now, 22); // 10 admitted, 12 refused, 10 refilled
    }

    assertThat(disconnected).containsExactly("steady");
  }

  @Test
  void aNewConnectionOfAFlooder_isDisconnectedAgain_withADoubledCooldown() {
    PublishRateLimiter flood = limiter(limits(10, 20, 30, Duration.ofSeconds(10)));
    published(flood.forConnection(), "flooder", T0, 51);
    long afterCooldown = T0 + 10_000;

    // On probation its publish bucket is empty at the end of the cool-down (no burst), and its
    // refusals bucket holds a tenth of the rate (1): the second refusal disconnects it.
    assertThat(published(flood.forConnection(), "flooder", afterCooldown, 2)).isZero();

    assertThat(disconnected).containsExactly("flooder", "flooder");
    assertThat(flood.cooldowns().remainingMs("flooder", afterCooldown)).isEqualTo(20_000);
  }

  @Test
  void aFlooderOnProbation_getsATenthOfTheBurst_untilItIsForgiven() {
    PublishRateLimiter flood = limiter(limits(100, 200, 300, Duration.ofSeconds(10)));
    published(flood.forConnection(), "flooder", T0, 200 + 301);
    long cooldownEnd = T0 + 10_000;
    PublishRateLimiter.Connection back = flood.forConnection();

    assertThat(published(back, "flooder", cooldownEnd, 8)).as("empty at the end").isZero();
    assertThat(published(back, "flooder", cooldownEnd + 60_000, 15))
        .as("a minute later: 100 ms of the rate, not the burst of 200")
        .isEqualTo(10);
    assertThat(published(back, "neighbour", cooldownEnd, 300)).isEqualTo(200);
    assertThat(disconnected)
        .as("8 and 5 refusals: each within the 10 tolerated on probation")
        .containsExactly("flooder");

    assertThat(published(back, "flooder", cooldownEnd + 120_000, 10 + 11)).isEqualTo(10);
    assertThat(disconnected)
        .as("11 refusals in a row on probation, not 301: disconnected again")
        .containsExactly("flooder", "flooder");
    assertThat(flood.cooldowns().remainingMs("flooder", cooldownEnd + 120_000)).isEqualTo(20_000);

    long forgiven = cooldownEnd + 120_000 + 20_000 + Cooldowns.CLEAN_PERIOD_MS;
    assertThat(published(flood.forConnection(), "flooder", forgiven, 300))
        .as("clean for an hour: the full burst again")
        .isEqualTo(200);
  }

  @Test
  void aClientSendingInvalidMessages_isDisconnectedBeyondTheInvalidBurst_andCoolsDown() {
    PublishRateLimiter strict = limiter(limits(100, 200, null, Duration.ofSeconds(10), 10, 20));
    PublishRateLimiter.Connection connection = strict.forConnection();
    for (int i = 0; i < 20; i++) {
      assertThat(connection.publish("garbler", T0)).isTrue();
      strict.rejectedAsInvalid("garbler", T0);
    }
    assertThat(disconnected).as("20 invalid messages are tolerated").isEmpty();

    strict.rejectedAsInvalid("garbler", T0);

    assertThat(disconnected).containsExactly("garbler");
    assertThat(disconnectReasons).containsExactly(DisconnectReasonCode.PAYLOAD_FORMAT_INVALID);
    assertThat(metrics.refusals("disconnect", "PAYLOAD_FORMAT_INVALID")).isEqualTo(1);
    assertThat(strict.cooldowns().remainingMs("garbler", T0)).isEqualTo(10_000);
    assertThat(published(connection, "garbler", T0 + 1, 50))
        .as("what it had sent already is refused before it is decoded")
        .isZero();
    strict.rejectedAsInvalid("garbler", T0 + 2);
    assertThat(disconnected).as("once").hasSize(1);
    assertThat(published(strict.forConnection(), "neighbour", T0, 200)).isEqualTo(200);
  }

  @Test
  void withoutACooldown_aClientIsCutOffOnce_forWhatItSentBeforeTheDisconnect_andAgainLater() {
    PublishRateLimiter strict = limiter(limits(100, 200, null, Duration.ZERO, 10, 20));
    for (int i = 0; i < 21; i++) {
      strict.rejectedAsInvalid("garbler", T0);
    }
    assertThat(disconnected).containsExactly("garbler");

    long settled = T0 + PublishRateLimiter.CUT_OFF_SETTLE_MS;
    for (long ms = 1; ms < PublishRateLimiter.CUT_OFF_SETTLE_MS; ms += 10) {
      strict.rejectedAsInvalid("garbler", T0 + ms); // what it had sent, decoded meanwhile
    }
    assertThat(disconnected).as("once for the burst and what was on its way").hasSize(1);
    assertThat(metrics.refusals("disconnect", "PAYLOAD_FORMAT_INVALID")).isEqualTo(1);
    assertThat(strict.cooldowns().remainingMs("garbler", T0 + 1)).as("no cool-down").isZero();

    // Back at once (nothing stops it): its bucket refilled 10 in that second, then it is cut off.
    for (int i = 0; i < 11; i++) {
      strict.rejectedAsInvalid("garbler", settled);
    }
    assertThat(disconnected).containsExactly("garbler", "garbler");
    assertThat(metrics.refusals("disconnect", "PAYLOAD_FORMAT_INVALID")).isEqualTo(2);
  }

  @Test
  void invalidMessagesWithinTheInvalidRate_neverDisconnect() {
    PublishRateLimiter strict = limiter(limits(100, 200, null, Duration.ofSeconds(10), 10, 20));
    for (long ms = 0; ms < 600_000; ms += 100) {
      strict.rejectedAsInvalid("sometimes-wrong", T0 + ms); // 10/s for 10 minutes
    }

    assertThat(disconnected).isEmpty();
  }

  @Test
  void withoutAThreshold_refusalsNeverDisconnect() {
    PublishRateLimiter.Connection connection = limiter.forConnection();

    assertThat(published(connection, "dev-a", T0, 10_000)).isEqualTo(20);

    assertThat(disconnected).isEmpty();
    assertThat(limiter.cooldowns().enabled()).isFalse();
  }
}
