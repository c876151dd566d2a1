package io.tern.agent;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tern.agent.batch.Reading;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import io.tern.proto.v1.DeviceState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a real embedded HiveMQ CE broker and an independent MQTT subscriber. */
class AgentIT {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path tmp;

  private static void assertAllArrived(TelemetrySubscriber sub, String deviceId, long lastSeq) {
    await()
        .atMost(ofSeconds(60))
        .untilAsserted(
            () -> {
              for (long seq = 1; seq <= lastSeq; seq++) {
                assertThat(sub.readings).containsKey(TelemetrySubscriber.key(deviceId, seq));
              }
            });
    assertThat(sub.errors).isEmpty();
  }

  @Test
  void everyRecordedReadingArrivesExactlyAsRecorded() throws Exception {
    try (EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker")).start();
        TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-1");
        Agent agent =
            Agent.start(AgentConfig.defaults("dev-1", broker.uri(), tmp.resolve("agent")))) {
      String[] metrics = {"temp", "hum", "load1"};
      for (int i = 0; i < 2_000; i++) {
        long seq = agent.record(metrics[i % 3], i * 0.25, T0 + i * 10L);
        assertThat(seq).isEqualTo(i + 1);
      }

      assertAllArrived(sub, "dev-1", 2_000);
      for (int i = 0; i < 2_000; i++) {
        assertThat(sub.readings.get(TelemetrySubscriber.key("dev-1", i + 1)))
            .isEqualTo(new Reading(i + 1, metrics[i % 3], i * 0.25, T0 + i * 10L));
      }
      await().atMost(ofSeconds(30)).until(() -> agent.stats().ackedSeq() == 2_000);
      AgentStats stats = agent.stats();
      assertThat(stats.connected()).isTrue();
      assertThat(stats.lastSeq()).isEqualTo(2_000);
      assertThat(stats.batchesAcked()).isGreaterThanOrEqualTo(20); // at most 100 per batch
      await()
          .atMost(ofSeconds(10))
          .until(
              () ->
                  sub.statuses.stream()
                      .anyMatch(s -> s.getState() == DeviceState.DEVICE_STATE_ONLINE));
    }
  }

  @Test
  void agentStartedWhileBrokerIsDown_buffersAndDeliversEverythingOnceItIsUp() throws Exception {
    EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker")).start();
    // The subscriber's session outlives the broker restart: nothing published later is missed.
    TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-2");
    broker.stop();
    try (Agent agent =
        Agent.start(AgentConfig.defaults("dev-2", broker.uri(), tmp.resolve("agent")))) {
      for (int i = 1; i <= 500; i++) {
        agent.record("temp", i, T0 + i);
      }
      assertThat(agent.stats().connected()).isFalse();
      assertThat(agent.stats().ackedSeq()).isZero();

      broker.start();
      assertAllArrived(sub, "dev-2", 500);
      await().atMost(ofSeconds(30)).until(() -> agent.stats().ackedSeq() == 500);

      // A second outage in the middle of the stream: readings recorded meanwhile arrive too.
      broker.stop();
      await().atMost(ofSeconds(30)).until(() -> !agent.stats().connected());
      for (int i = 501; i <= 800; i++) {
        agent.record("temp", i, T0 + i);
      }
      broker.start();
      assertAllArrived(sub, "dev-2", 800);
      await().atMost(ofSeconds(30)).until(() -> agent.stats().ackedSeq() == 800);
    } finally {
      sub.close();
      broker.close();
    }
  }

  @Test
  void restart_continuesTheStreamAndResendsNothingAcknowledged() throws Exception {
    Path data = tmp.resolve("agent");
    try (EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker")).start();
        TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-3")) {
      long epoch;
      try (Agent agent = Agent.start(AgentConfig.defaults("dev-3", broker.uri(), data))) {
        epoch = agent.stats().streamEpoch();
        for (int i = 1; i <= 50; i++) {
          agent.record("temp", i, T0 + i);
        }
        await().atMost(ofSeconds(30)).until(() -> agent.stats().ackedSeq() == 50);
      }
      try (Agent agent = Agent.start(AgentConfig.defaults("dev-3", broker.uri(), data))) {
        assertThat(agent.stats().streamEpoch()).isEqualTo(epoch);
        assertThat(agent.stats().lastSeq()).isEqualTo(50);
        assertThat(agent.stats().ackedSeq()).isEqualTo(50);
        assertThat(agent.record("temp", 51, T0 + 51)).isEqualTo(51);
        await().atMost(ofSeconds(30)).until(() -> agent.stats().ackedSeq() == 51);
      }
      assertAllArrived(sub, "dev-3", 51);
      assertThat(sub.deliveries.values()).allSatisfy(count -> assertThat(count.get()).isOne());
      await()
          .atMost(ofSeconds(10))
          .until(
              () ->
                  !sub.statuses.isEmpty()
                      && sub.statuses.get(sub.statuses.size() - 1).getState()
                          == DeviceState.DEVICE_STATE_OFFLINE);
    }
  }

  @Test
  void closeWhileBrokerIsDown_keepsReadingsForTheNextStart() throws Exception {
    Path data = tmp.resolve("agent");
    try (EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker"))) {
      Agent first = Agent.start(AgentConfig.defaults("dev-4", broker.uri(), data));
      for (int i = 1; i <= 10; i++) {
        first.record("temp", i, T0 + i);
      }
      first.close();
      first.close(); // idempotent
      assertThat(first.stats().ackedSeq()).isZero();
      assertThatThrownBy(() -> first.record("temp", 11, T0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");

      broker.start();
      try (TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-4");
          Agent agent = Agent.start(AgentConfig.defaults("dev-4", broker.uri(), data))) {
        assertThat(agent.stats().lastSeq()).isEqualTo(10);
        assertAllArrived(sub, "dev-4", 10);
        await().atMost(ofSeconds(30)).until(() -> agent.stats().ackedSeq() == 10);
      }
    }
  }

  @Test
  void record_rejectsInvalidMetricNames() throws Exception {
    try (EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker"));
        Agent agent =
            Agent.start(AgentConfig.defaults("dev-5", broker.uri(), tmp.resolve("agent")))) {
      assertThatThrownBy(() -> agent.record("bad metric", 1, T0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid metric name 'bad metric'");
      assertThatThrownBy(() -> agent.record("x".repeat(65), 1, T0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(agent.stats().lastSeq()).isZero();
    }
  }
}
