package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tern.gateway.config.LimitsConfig;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** Per-client buckets, counted refusals and the sweep of idle clients, on an injected clock. */
class PublishRateLimiterTest {
  private static final long T0 = 1_700_000_000_000L;

  private final SecurityMetrics metrics = new SecurityMetrics(new SimpleMeterRegistry());
  private final PublishRateLimiter limiter =
      new PublishRateLimiter(
          limits(10, 20), metrics, InstantSource.fixed(Instant.ofEpochMilli(T0)));

  static LimitsConfig limits(int publishRate, Integer publishBurst) {
    return new LimitsConfig(
        1 << 20,
        publishRate,
        publishBurst,
        1000,
        500,
        null,
        java.time.Duration.ofSeconds(10),
        20_000,
        256,
        1024);
  }

  private int admitted(String clientId, long nowMs, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.admit(clientId, nowMs)) {
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
}
