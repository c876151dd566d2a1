package io.tern.gateway.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {

  private static final long HOUR = 3_600_000;
  private static final long NOW = 1_000 * HOUR;
  private static final RetentionBudget ROOMY = new RetentionBudget(1_000_000, Duration.ofDays(7));

  /** Cycles of 10 entries and 100 bytes each, the newest ending now. Index = cycle * 1000 + n. */
  private static List<LogCycle> cycles(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> new LogCycle(i, i * 1000L, 10, 100, NOW - (count - 1 - i) * HOUR))
        .toList();
  }

  @Test
  void deliveredCycles_deletedUpToTheSlowestConsumer() {
    // fast consumer passed cycles 0-2, slow one is in the middle of cycle 1
    RetentionDecision decision = RetentionPlan.decide(cycles(4), List.of(2009L, 1004L), ROOMY, NOW);

    assertThat(decision.delete()).extracting(LogCycle::cycle).containsExactly(0);
    assertThat(decision.undelivered()).isZero();
    assertThat(decision.firstUndelivered()).isEqualTo(-1);
  }

  @Test
  void newestCycle_neverDeleted_evenWhenDelivered() {
    RetentionDecision decision = RetentionPlan.decide(cycles(3), List.of(2009L), ROOMY, NOW);

    assertThat(decision.delete()).extracting(LogCycle::cycle).containsExactly(0, 1);
  }

  @Test
  void noConsumer_withinBudget_keepsEverything() {
    assertThat(RetentionPlan.decide(cycles(5), List.of(), ROOMY, NOW))
        .isEqualTo(RetentionDecision.KEEP_ALL);
  }

  @Test
  void overBytes_deletesOldestUntilWithin_countingWhatTheConsumerMissed() {
    // 5 cycles * 100 bytes = 500 > 250: delete 3 oldest (200 left); consumer delivered 1003
    RetentionBudget budget = new RetentionBudget(250, Duration.ofDays(7));

    RetentionDecision decision = RetentionPlan.decide(cycles(5), List.of(1003L), budget, NOW);

    assertThat(decision.delete()).extracting(LogCycle::cycle).containsExactly(0, 1, 2);
    assertThat(decision.undelivered()).isEqualTo(6 + 10); // 1004..1009 and 2000..2009
    assertThat(decision.firstUndelivered()).isEqualTo(1004);
    assertThat(decision.lastUndelivered()).isEqualTo(2009);
  }

  @Test
  void overBytes_noConsumer_everyDeletedEntryIsUndelivered() {
    RetentionBudget budget = new RetentionBudget(1, Duration.ofDays(7));

    RetentionDecision decision = RetentionPlan.decide(cycles(3), List.of(), budget, NOW);

    assertThat(decision.delete()).extracting(LogCycle::cycle).containsExactly(0, 1);
    assertThat(decision.undelivered()).isEqualTo(20);
    assertThat(decision.firstUndelivered()).isZero();
    assertThat(decision.lastUndelivered()).isEqualTo(1009);
  }

  @Test
  void tooOld_deletedEvenWithinBytes() {
    // cycles end at NOW-4h .. NOW; max age 150 min: those ending before NOW-2.5h go (0 and 1)
    RetentionBudget budget = new RetentionBudget(1_000_000, Duration.ofMinutes(150));

    RetentionDecision decision = RetentionPlan.decide(cycles(5), List.of(), budget, NOW);

    assertThat(decision.delete()).extracting(LogCycle::cycle).containsExactly(0, 1);
    assertThat(decision.undelivered()).isEqualTo(20);
  }

  @Test
  void emptyCycle_isNeverUndelivered() {
    List<LogCycle> log =
        List.of(new LogCycle(0, 0, 0, 100, NOW - HOUR), new LogCycle(1, 1000, 5, 100, NOW));

    RetentionDecision decision =
        RetentionPlan.decide(log, List.of(), new RetentionBudget(150, Duration.ofDays(1)), NOW);

    assertThat(decision.delete()).extracting(LogCycle::cycle).containsExactly(0);
    assertThat(decision.undelivered()).isZero();
  }

  @Test
  void consumerLag_countsEntriesAfterItsPosition() {
    assertThat(RetentionPlan.entriesAfter(cycles(3), 1004)).isEqualTo(5 + 10);
    assertThat(RetentionPlan.entriesAfter(cycles(3), -1)).isEqualTo(30);
    assertThat(RetentionPlan.entriesAfter(cycles(3), 2009)).isZero();
  }

  @Test
  void positionFile_parsesIndexLine() {
    assertThat(ConsumerPositions.parse("# comment\nconsumer=x\nindex=42\n")).isEqualTo(42L);
    assertThat(ConsumerPositions.parse("index=oops")).isNull();
    assertThat(ConsumerPositions.parse("")).isNull();
  }
}
