package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.tern.agent.outbox.Outbox;
import io.tern.agent.testing.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * PUBACK 0x97 (quota exceeded, as the gateway's publish rate limit answers) against a real broker:
 * the publisher keeps its connection, pauses, sends the refused batches again and every seq arrives
 * exactly once; other PUBACK errors still drop the connection. One broker for the class; each test
 * scripts its own device.
 */
class QuotaIT {
  private static final Duration LONG = Duration.ofMinutes(10);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long T0 = 1_700_000_000_000L;

  @TempDir static Path brokerHome;
  private static final QuotaScript script = new QuotaScript();
  private static EmbeddedBroker broker;

  @TempDir Path tmp;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger publisherLog = (Logger) LoggerFactory.getLogger(Publisher.class);

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedBroker(brokerHome).withPublishInterceptor(script).start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void captureLog() {
    log.start();
    publisherLog.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    publisherLog.detachAppender(log);
  }

  @Test
  void everyThirdPublishRefused_sessionKept_everySeqArrivesOnce() throws Exception {
    QuotaScript.Device device =
        script.add("quota-kth", QuotaScript.everyKth(3, AckReasonCode.QUOTA_EXCEEDED));
    Publisher publisher = drain("quota-kth", 2_000, 50, device);

    int refused = device.refused.get();
    assertThat(refused)
        .as("every 3rd of the publishes (acknowledged batches + refused ones) refused with 0x97")
        .isPositive()
        .isEqualTo((int) (publisher.batchesAcked() + refused) / 3);
    assertSlowedDownInSession(publisher, device);
  }

  @Test
  void rateLimitedLikeTheGateway_sessionKept_everySeqArrivesOnce() throws Exception {
    QuotaScript.Device device = script.add("quota-rate", QuotaScript.tokenBucket(100, 10));
    Publisher publisher = drain("quota-rate", 1_000, 10, device);

    assertThat(device.refused.get()).as("publishes refused with 0x97").isPositive();
    assertSlowedDownInSession(publisher, device);
  }

  @Test
  void aStatusRefusedWithQuota_goesAgainSoon_notAStatusIntervalLater() throws Exception {
    QuotaScript.Device device = script.add("quota-status", (publishNo, nowMs) -> null, 2);
    try (Outbox outbox = Outbox.open(tmp.resolve("quota-status"), InstantSource.system());
        Publisher publisher =
            new Publisher(settings("quota-status", 10), outbox, InstantSource.system(), random())) {
      publisher.start();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(device.connections.get())
                      .as("ONLINE statuses taken (the status interval is %s)", LONG)
                      .isEqualTo(1));
      assertThat(device.statusesRefused.get()).as("the birth and its first retry").isEqualTo(2);
      assertThat(publisher.quotaRefusals()).as("batches refused").isZero();
      assertThat(publisher.stalledLinks()).isZero();
    }
    assertThat(events(Level.ERROR)).isEmpty();
  }

  @Test
  void otherRejection_stillDropsTheSession_andReplays() throws Exception {
    QuotaScript.Device device =
        script.add(
            "quota-0x99",
            (publishNo, nowMs) -> publishNo == 1 ? AckReasonCode.PAYLOAD_FORMAT_INVALID : null);
    Publisher publisher = drain("quota-0x99", 500, 50, device);

    assertThat(device.connections.get()).as("connections (ONLINE births)").isEqualTo(2);
    assertThat(publisher.quotaRefusals()).isZero();
    assertThat(events(Level.ERROR)).anyMatch(m -> m.contains("reason code 0x99"));
  }

  /** Sends {@code readings} readings and waits until all are acknowledged and arrived. */
  private Publisher drain(String deviceId, int readings, int batch, QuotaScript.Device device)
      throws Exception {
    try (Outbox outbox = Outbox.open(tmp.resolve(deviceId), InstantSource.system());
        Publisher publisher =
            new Publisher(settings(deviceId, batch), outbox, InstantSource.system(), random())) {
      for (int i = 1; i <= readings; i++) {
        outbox.append("m", i, T0 + i);
      }
      publisher.start();
      await().atMost(WAIT).until(() -> publisher.ackedSeq() == readings);

      assertThat(device.arrivals.errors).isEmpty();
      assertThat(device.arrivals.missing(readings)).as("seqs never delivered").isEmpty();
      assertThat(device.arrivals.distinctSeqs()).isEqualTo(readings);
      assertThat(device.arrivals.arrivals())
          .allSatisfy(a -> assertThat(a.reading().value()).isEqualTo(a.reading().seq()));
      return publisher;
    }
  }

  private void assertSlowedDownInSession(Publisher publisher, QuotaScript.Device device) {
    assertThat(device.arrivals.duplicates()).as("seqs that arrived twice").isZero();
    assertThat(device.connections.get()).as("connections (ONLINE births)").isEqualTo(1);
    assertThat(publisher.stalledLinks()).isZero();
    assertThat(publisher.quotaRefusals()).isEqualTo(device.refused.get());
    assertThat(events(Level.ERROR)).isEmpty();
    List<String> warnings = events(Level.WARN);
    assertThat(warnings).noneMatch(m -> m.contains("retrying in"));
    assertThat(warnings)
        .as("one throttled warning (at most one per 30 s; the drain takes seconds)")
        .hasSizeBetween(1, 2)
        .allMatch(m -> m.contains("asks device") && m.contains("0x97 quota exceeded"));
  }

  private List<String> events(Level level) {
    return log.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static SplittableRandom random() {
    return new SplittableRandom(11);
  }

  private static PublisherSettings settings(String deviceId, int batchMaxReadings) {
    return new PublisherSettings(
        deviceId,
        broker.uri(),
        batchMaxReadings,
        Duration.ofMillis(20),
        8,
        Duration.ofMillis(50),
        Duration.ofMillis(500),
        Duration.ofSeconds(2),
        "test",
        Duration.ofSeconds(20),
        LONG);
  }
}
