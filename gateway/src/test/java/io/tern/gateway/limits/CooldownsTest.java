package io.tern.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Cool-downs that double per repeat offence, are forgotten after a clean period, and are bounded.
 */
class CooldownsTest {
  private static final long T0 = 5_000_000;
  private static final long FIRST = 10_000;

  private final Cooldowns cooldowns = new Cooldowns(FIRST);

  @Test
  void anOffence_startsACooldown_thatEnds() {
    assertThat(cooldowns.remainingMs("dev-1", T0)).isZero();

    assertThat(cooldowns.offend("dev-1", T0)).isEqualTo(FIRST);

    assertThat(cooldowns.remainingMs("dev-1", T0)).isEqualTo(FIRST);
    assertThat(cooldowns.remainingMs("dev-1", T0 + FIRST - 1)).isEqualTo(1);
    assertThat(cooldowns.remainingMs("dev-1", T0 + FIRST)).isZero();
    assertThat(cooldowns.remainingMs("dev-2", T0)).as("another client").isZero();
  }

  @Test
  void anOffenceWhileCoolingDown_changesNothing() {
    cooldowns.offend("dev-1", T0);

    assertThat(cooldowns.offend("dev-1", T0 + 1_000)).isZero();

    assertThat(cooldowns.remainingMs("dev-1", T0 + 1_000)).isEqualTo(FIRST - 1_000);
    assertThat(cooldowns.offend("dev-1", T0 + FIRST)).as("the second offence").isEqualTo(2 * FIRST);
  }

  @Test
  void repeatOffences_doubleTheCooldown_upToFiveMinutes() {
    long now = T0;
    long[] expected = {10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000};
    for (long cooldown : expected) {
      assertThat(cooldowns.offend("dev-1", now)).isEqualTo(cooldown);
      now += cooldown + 1; // offends again as soon as it may connect
    }
  }

  @Test
  void anOffenderCleanForAnHour_isForgiven() {
    cooldowns.offend("dev-1", T0);
    long ended = T0 + FIRST;

    assertThat(cooldowns.offend("dev-1", ended + Cooldowns.CLEAN_PERIOD_MS - 1))
        .as("not yet clean for long enough")
        .isEqualTo(2 * FIRST);
    long secondEnded = ended + Cooldowns.CLEAN_PERIOD_MS - 1 + 2 * FIRST;
    assertThat(cooldowns.offend("dev-1", secondEnded + Cooldowns.CLEAN_PERIOD_MS)).isEqualTo(FIRST);
  }

  @Test
  void anOffender_isOneWhileCoolingDown_andForAnHourAfter() {
    assertThat(cooldowns.isOffender("dev-1", T0)).isFalse();
    cooldowns.offend("dev-1", T0);
    long ended = T0 + FIRST;

    assertThat(cooldowns.isOffender("dev-1", T0)).isTrue();
    assertThat(cooldowns.isOffender("dev-1", ended + Cooldowns.CLEAN_PERIOD_MS - 1)).isTrue();
    assertThat(cooldowns.isOffender("dev-1", ended + Cooldowns.CLEAN_PERIOD_MS)).isFalse();
    assertThat(cooldowns.isOffender("dev-2", T0)).isFalse();
  }

  @Test
  void aFirstCooldownLongerThanTheCap_isKept() {
    Cooldowns long_ = new Cooldowns(Cooldowns.MAX_COOLDOWN_MS * 2);

    assertThat(long_.offend("dev-1", T0)).isEqualTo(Cooldowns.MAX_COOLDOWN_MS * 2);
    assertThat(long_.offend("dev-1", T0 + Cooldowns.MAX_COOLDOWN_MS * 2))
        .isEqualTo(Cooldowns.MAX_COOLDOWN_MS * 2);
  }

  @Test
  void disabled_remembersNothing() {
    Cooldowns off = new Cooldowns(0);

    assertThat(off.enabled()).isFalse();
    assertThat(off.offend("dev-1", T0)).isZero();
    assertThat(off.remainingMs("dev-1", T0)).isZero();
    assertThat(off.remembered()).isZero();
  }

  @Test
  void memoryIsBounded_droppingThoseNoLongerCoolingDown_first() {
    for (int i = 0; i < Cooldowns.MAX_OFFENDERS; i++) {
      cooldowns.offend("dev-" + i, T0 + i);
    }

    assertThat(cooldowns.offend("newcomer", T0 + 1)).as("all are cooling down").isZero();
    assertThat(cooldowns.remainingMs("dev-0", T0 + 1)).as("still remembered").isPositive();

    // Half of them have cooled down: they make room, the others are kept.
    long later = T0 + FIRST + Cooldowns.MAX_OFFENDERS / 2;
    assertThat(cooldowns.offend("newcomer", later)).isEqualTo(FIRST);
    assertThat(cooldowns.remembered()).isLessThanOrEqualTo(Cooldowns.MAX_OFFENDERS);
    assertThat(cooldowns.remainingMs("dev-" + (Cooldowns.MAX_OFFENDERS - 1), later)).isPositive();
  }
}
