package io.tern.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxBudgetTest {
  @Test
  void segments_areASixteenthOfTheBudget_within128KiBAnd64MiB() {
    assertThat(OutboxBudget.DEFAULT.segmentBytes()).isEqualTo(64L << 20);
    assertThat(budget(16L << 20).segmentBytes()).isEqualTo(1L << 20);
    assertThat(budget(1L << 20).segmentBytes()).isEqualTo(128L << 10);
    assertThat(budget(1L << 40).segmentBytes()).isEqualTo(64L << 20);
    assertThat(OutboxBudget.DEFAULT.segmentAgeMs()).isEqualTo(Duration.ofDays(7).toMillis() / 16);
  }

  @Test
  void rejectsBudgetsTooSmallToBePrecise() {
    assertThatThrownBy(() -> budget((1L << 20) - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1048576");
    assertThatThrownBy(
            () -> new OutboxBudget(1L << 20, Duration.ofMillis(999), BufferPolicy.REJECT_NEW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void policy_parsesItsConfigSpelling() {
    assertThat(BufferPolicy.parse("drop-oldest")).isEqualTo(BufferPolicy.DROP_OLDEST);
    assertThat(BufferPolicy.parse("REJECT_NEW")).isEqualTo(BufferPolicy.REJECT_NEW);
    assertThat(BufferPolicy.REJECT_NEW.label()).isEqualTo("reject-new");
    assertThatThrownBy(() -> BufferPolicy.parse("drop-newest"))
        .hasMessageContaining("expected drop-oldest or reject-new");
  }

  private static OutboxBudget budget(long bytes) {
    return new OutboxBudget(bytes, Duration.ofDays(1), BufferPolicy.DROP_OLDEST);
  }
}
