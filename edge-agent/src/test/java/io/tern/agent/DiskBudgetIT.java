package io.tern.agent;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import io.tern.agent.outbox.BufferPolicy;
import io.tern.agent.outbox.DropCounts;
import io.tern.agent.outbox.OutboxBudget;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import io.tern.proto.v1.DeviceState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk-budget test: a 1 MiB outbox filled while the gateway is down. The policy
 * engages, the agent keeps running, and on the receiving side every seq is either delivered or in a
 * reported gap (never both), with the gaps' exact seq ranges and the agent's counters agreeing:
 * accepted = delivered + reported-dropped.
 */
class DiskBudgetIT {
  private static final long T0 = 1_700_000_000_000L;
  private static final long MIB = 1L << 20;

  @TempDir Path tmp;

  /** Seqs 1..last are each delivered or in exactly one reported gap; returns the gaps in order. */
  private static List<Gap> assertAccountedFor(TelemetrySubscriber sub, String device, long last) {
    List<Gap> gaps =
        sub.gaps.entrySet().stream()
            .filter(e -> e.getKey().startsWith(device + "/"))
            .map(e -> e.getValue())
            .sorted((a, b) -> Long.compare(a.firstSeq(), b.firstSeq()))
            .toList();
    long expected = 1;
    for (Gap gap : gaps) {
      for (long seq = expected; seq < gap.firstSeq(); seq++) {
        assertThat(sub.readings).containsKey(TelemetrySubscriber.key(device, seq));
      }
      for (long seq = gap.firstSeq(); seq <= gap.lastSeq(); seq++) {
        assertThat(sub.readings).doesNotContainKey(TelemetrySubscriber.key(device, seq));
      }
      expected = gap.lastSeq() + 1;
    }
    for (long seq = expected; seq <= last; seq++) {
      assertThat(sub.readings).containsKey(TelemetrySubscriber.key(device, seq));
    }
    long dropped = gaps.stream().mapToLong(Gap::size).sum();
    long delivered = sub.readings.keySet().stream().filter(k -> k.startsWith(device + "/")).count();
    assertThat(delivered + dropped).isEqualTo(last);
    return gaps;
  }

  private static AgentConfig config(EmbeddedBroker broker, Path dir, BufferPolicy policy) {
    return AgentConfig.defaults("budget-1", broker.uri(), dir)
        .withBudget(new OutboxBudget(MIB, Duration.ofDays(1), policy));
  }

  @Test
  void dropOldest_dropsTheOldestUnsent_andReportsExactlyWhatWasDropped() throws Exception {
    EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker")).start();
    try (TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-budget-1")) {
      broker.stop();
      try (Agent agent =
          Agent.start(config(broker, tmp.resolve("agent"), BufferPolicy.DROP_OLDEST))) {
        int n = 100_000;
        for (int i = 1; i <= n; i++) {
          assertThat(agent.record("temperature", i, T0 + i)).isEqualTo(i);
        }
        DropCounts dropped = agent.stats().buffer().dropped();
        assertThat(dropped.budgetBytes()).isPositive();
        assertThat(dropped.total()).isEqualTo(dropped.budgetBytes());
        assertThat(agent.stats().buffer().usedBytes()).isLessThanOrEqualTo(MIB);

        broker.start();
        await().atMost(ofSeconds(60)).until(() -> agent.stats().ackedSeq() == n);
        await()
            .atMost(ofSeconds(30))
            .untilAsserted(
                () -> {
                  List<Gap> gaps = assertAccountedFor(sub, "budget-1", n);
                  assertThat(gaps)
                      .containsExactly(new Gap(1, dropped.total(), GapReason.BUDGET_BYTES));
                });
        // The birth status after the outage carries the drop count.
        await()
            .atMost(ofSeconds(10))
            .until(
                () ->
                    sub.statuses.stream()
                        .anyMatch(
                            s ->
                                s.getState() == DeviceState.DEVICE_STATE_ONLINE
                                    && s.getDroppedReadings() == dropped.total()));
        // Acknowledged files are deleted: a healthy agent's outbox stays small.
        await()
            .atMost(ofSeconds(10))
            .until(() -> agent.stats().buffer().usedBytes() <= OutboxBudget.DEFAULT.segmentBytes());
        assertThat(sub.errors).isEmpty();
      }
    } finally {
      broker.close();
    }
  }

  @Test
  void rejectNew_keepsTheOldest_reportsTheRejectedRunAsOneGap_andStoresAgainOnceDrained()
      throws Exception {
    EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker")).start();
    try (TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-budget-2")) {
      broker.stop();
      int n = 60_000;
      long rejected;
      try (Agent agent =
          Agent.start(config(broker, tmp.resolve("agent"), BufferPolicy.REJECT_NEW))) {
        for (int i = 1; i <= n; i++) {
          assertThat(agent.record("temperature", i, T0 + i)).isEqualTo(i);
        }
        rejected = agent.stats().buffer().dropped().rejectedNew();
        assertThat(rejected).isPositive();
        assertThat(agent.stats().buffer().dropped().total()).isEqualTo(rejected);
      }
      // A restart with the outbox full: the rejected run and its seqs survive it.
      try (Agent agent =
          Agent.start(config(broker, tmp.resolve("agent"), BufferPolicy.REJECT_NEW))) {
        assertThat(agent.stats().lastSeq()).isEqualTo(n);
        broker.start();
        await().atMost(ofSeconds(60)).until(() -> agent.stats().ackedSeq() == n);
        // Drained: there is room again.
        for (int i = n + 1; i <= n + 100; i++) {
          agent.record("temperature", i, T0 + i);
        }
        await().atMost(ofSeconds(30)).until(() -> agent.stats().ackedSeq() == n + 100);
        long stored = n - rejected;
        await()
            .atMost(ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(assertAccountedFor(sub, "budget-1", n + 100))
                        .containsExactly(new Gap(stored + 1, n, GapReason.REJECTED_NEW)));
        assertThat(agent.stats().buffer().dropped().rejectedNew()).isEqualTo(rejected);
        assertThat(sub.errors).isEmpty();
      }
    } finally {
      broker.close();
    }
  }
}
