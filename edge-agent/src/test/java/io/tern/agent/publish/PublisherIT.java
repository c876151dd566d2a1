package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import io.tern.agent.outbox.Outbox;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import io.tern.proto.v1.DeviceState;
import io.tern.proto.v1.DeviceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real broker that can stop acknowledging: stall detection, status. */
class PublisherIT {
  private static final long T0 = 1_700_000_000_000L;
  private static final Duration LONG = Duration.ofMinutes(10);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void linkWhoseAcksStop_isTreatedAsDown_andReplaysEverything() throws Exception {
    // The first batch's PUBACK is held for 8 s (and what follows it on that connection waits):
    // without stall detection all 5 batches would be acknowledged on the first connection.
    try (BrokerScript script = new BrokerScript(1, Duration.ofSeconds(8), Duration.ZERO);
        EmbeddedBroker broker = broker(script);
        Outbox outbox = outbox(500);
        Publisher publisher =
            started(settings("stall-1", broker, 100, Duration.ofSeconds(1), LONG), outbox)) {
      await().atMost(WAIT).until(() -> publisher.ackedSeq() == 500);

      assertThat(publisher.stalledLinks()).isPositive();
      assertThat(script.telemetryPublishes.get())
          .as("batches sent again on a new connection")
          .isGreaterThan(5);
    }
  }

  @Test
  void slowLinkWhoseAcksKeepComing_isNotReset_andStatusReportsTheBacklog() throws Exception {
    // Every PUBACK takes 300 ms; the ack timeout (2 s) is longer than that, the drain is not.
    try (BrokerScript script = new BrokerScript(0, Duration.ZERO, Duration.ofMillis(300));
        EmbeddedBroker broker = broker(script);
        Outbox outbox = outbox(300);
        Publisher publisher =
            started(
                settings("status-1", broker, 10, Duration.ofSeconds(2), Duration.ofMillis(100)),
                outbox)) {
      await().atMost(WAIT).until(() -> publisher.ackedSeq() == 300);

      assertThat(publisher.stalledLinks()).isZero();
      List<DeviceStatus> draining =
          online(script).stream()
              .filter(s -> s.getAckedSeq() > 0 && s.getAckedSeq() < 300)
              .toList();
      assertThat(draining).as("statuses sent while the backlog drained").isNotEmpty();
      assertThat(draining)
          .allSatisfy(
              s -> {
                assertThat(s.getDeviceId()).isEqualTo("status-1");
                assertThat(s.getStreamEpoch()).isEqualTo(outbox.streamEpoch());
                assertThat(s.getLastSeq()).isEqualTo(300);
                assertThat(s.getBufferedReadings()).isEqualTo(300 - s.getAckedSeq());
                assertThat(s.getDroppedReadings()).isZero();
              });
      assertThat(script.errors).isEmpty();
    }
  }

  @Test
  void periodicStatus_isRetainedQos1_andALateSubscriberGetsTheLatest() throws Exception {
    try (BrokerScript script = BrokerScript.prompt();
        EmbeddedBroker broker = broker(script);
        Outbox outbox = outbox(250);
        Publisher publisher =
            started(settings("status-2", broker, 100, LONG, Duration.ofMillis(200)), outbox)) {
      await().atMost(WAIT).until(() -> publisher.ackedSeq() == 250);
      int before = script.statuses.size();
      await().atMost(WAIT).until(() -> script.statuses.size() >= before + 2);

      List<BrokerScript.Status> all = List.copyOf(script.statuses);
      List<BrokerScript.Status> periodic = all.subList(before, all.size());
      assertThat(periodic)
          .allSatisfy(
              s -> {
                assertThat(s.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
                assertThat(s.retain()).isTrue();
                assertThat(s.status().getState()).isEqualTo(DeviceState.DEVICE_STATE_ONLINE);
                assertThat(s.status().getAckedSeq()).isEqualTo(250);
                assertThat(s.status().getBufferedReadings()).isZero();
              });
      assertThat(periodic.get(periodic.size() - 1).status().getTimestampMs())
          .isGreaterThan(periodic.get(0).status().getTimestampMs());
      assertThat(publisher.statusesSent()).isGreaterThanOrEqualTo(2);

      try (TelemetrySubscriber late = new TelemetrySubscriber(broker.uri(), "late-sub")) {
        await().atMost(WAIT).until(() -> !late.statuses.isEmpty());
        DeviceStatus retained = late.statuses.get(0);
        assertThat(retained.getDeviceId()).isEqualTo("status-2");
        assertThat(retained.getState()).isEqualTo(DeviceState.DEVICE_STATE_ONLINE);
        assertThat(retained.getAckedSeq()).isEqualTo(250);
      }
    }
  }

  private static List<DeviceStatus> online(BrokerScript script) {
    return script.statuses.stream()
        .map(BrokerScript.Status::status)
        .filter(s -> s.getState() == DeviceState.DEVICE_STATE_ONLINE)
        .toList();
  }

  private EmbeddedBroker broker(BrokerScript script) {
    return new EmbeddedBroker(tmp.resolve("broker")).withPublishInterceptor(script).start();
  }

  private Outbox outbox(int readings) {
    Outbox outbox = Outbox.open(tmp.resolve("agent"), InstantSource.system());
    for (int i = 1; i <= readings; i++) {
      outbox.append("m", i, T0 + i);
    }
    return outbox;
  }

  private static PublisherSettings settings(
      String deviceId,
      EmbeddedBroker broker,
      int batchMaxReadings,
      Duration ackTimeout,
      Duration statusInterval) {
    return new PublisherSettings(
        deviceId,
        broker.uri(),
        batchMaxReadings,
        Duration.ofMillis(50),
        8,
        Duration.ofMillis(50),
        Duration.ofMillis(500),
        Duration.ofSeconds(2),
        "test",
        ackTimeout,
        statusInterval);
  }

  private static Publisher started(PublisherSettings settings, Outbox outbox) {
    Publisher publisher =
        new Publisher(settings, outbox, InstantSource.system(), new SplittableRandom(7));
    publisher.start();
    return publisher;
  }
}
