package io.tern.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.agent.outbox.Outbox;
import io.tern.agent.publish.ArrivalRecorder.Arrival;
import io.tern.agent.testing.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outage test (issue 3): the broker is down while readings keep coming at a steady rate, long
 * enough to buffer a backlog far above 4096 readings; then it returns. Every seq must arrive, and
 * the live lane must overtake the backlog: the first reading appended after the link came back
 * arrives before the backlog has finished draining (arrival order in the broker, not wall-clock).
 * The live latency during the drain is logged, not asserted.
 *
 * <p>{@code -Dtern.outage.seconds=N} (default 20) sets how many seconds of readings the outage
 * buffers and {@code -Dtern.outage.rate=R} (default 2000) the readings per second, e.g. {@code
 * -Dtern.outage.seconds=300} for a five-minute outage.
 */
class OutageIT {
  private static final Logger log = LoggerFactory.getLogger(OutageIT.class);
  private static final int OUTAGE_SECONDS = Integer.getInteger("tern.outage.seconds", 20);
  private static final int RATE = Integer.getInteger("tern.outage.rate", 2_000);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void afterAnOutage_liveReadingsOvertakeTheBacklog_andEverySeqArrives() throws Exception {
    ArrivalRecorder recorder = new ArrivalRecorder();
    Duration outageWait = Duration.ofSeconds(60 + 2L * OUTAGE_SECONDS);
    try (EmbeddedBroker broker =
            new EmbeddedBroker(tmp.resolve("broker")).withPublishInterceptor(recorder).start();
        Outbox outbox = Outbox.open(tmp.resolve("agent"), InstantSource.system());
        Publisher publisher = started(settings(broker), outbox);
        Feeder feeder = new Feeder(outbox, publisher, RATE)) {
      await().atMost(WAIT).until(() -> publisher.ackedSeq() >= RATE / 2);

      broker.stop();
      long outageFrom = outbox.lastSeq();
      long outageReadings = (long) OUTAGE_SECONDS * RATE;
      await().atMost(outageWait).until(() -> outbox.lastSeq() >= outageFrom + outageReadings);
      assertThat(publisher.connected()).isFalse();
      broker.start();
      await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(publisher::connected);
      long connectedAtMs = System.currentTimeMillis();
      long firstLive = outbox.lastSeq() + 1; // appended after the link is seen up

      await().atMost(outageWait).until(() -> recorder.missing(firstLive).isEmpty());
      feeder.stop();
      long lastSeq = outbox.lastSeq();
      await().atMost(WAIT).until(() -> publisher.ackedSeq() == lastSeq);

      assertThat(recorder.errors).isEmpty();
      assertThat(recorder.missing(lastSeq)).as("seqs never delivered").isEmpty();
      assertThat(recorder.gaps()).as("gaps reported").isZero();
      assertThat(recorder.arrivals())
          .allSatisfy(a -> assertThat(a.reading().value()).isEqualTo(a.reading().seq()));
      assertThat(recorder.backlogSeqs())
          .as("readings sent as backlog after the outage")
          .isGreaterThan(outageReadings - RATE);

      Arrival live = recorder.arrival(firstLive);
      assertThat(live.backlog()).isFalse();
      assertThat(live.order())
          .as("first reading appended after the reconnect arrives before the backlog drained")
          .isLessThan(recorder.lastBacklogOrder());
      report(recorder, firstLive, connectedAtMs);
    }
  }

  private static void report(ArrivalRecorder recorder, long firstLive, long connectedAtMs) {
    List<Arrival> arrivals = recorder.arrivals();
    long drainedAtMs =
        arrivals.stream().filter(Arrival::backlog).mapToLong(Arrival::arrivedAtMs).max().orElse(0);
    long[] latencies =
        arrivals.stream()
            .filter(a -> !a.backlog() && a.reading().seq() >= firstLive)
            .filter(a -> a.reading().eventTimeMs() <= drainedAtMs)
            .mapToLong(a -> a.arrivedAtMs() - a.reading().eventTimeMs())
            .sorted()
            .toArray();
    log.info(
        "Outage of {} s at {} readings/s: {} readings drained as backlog in {} ms after the"
            + " reconnect; {} live readings appended during the drain arrived with latency p50 {}"
            + " ms, p99 {} ms, max {} ms; {} duplicate arrivals",
        OUTAGE_SECONDS,
        RATE,
        recorder.backlogSeqs(),
        drainedAtMs - connectedAtMs,
        latencies.length,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        latencies.length == 0 ? -1 : latencies[latencies.length - 1],
        recorder.duplicates());
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
  }

  private static PublisherSettings settings(EmbeddedBroker broker) {
    return new PublisherSettings(
        "outage-1",
        broker.uri(),
        100,
        Duration.ofMillis(200),
        8,
        Duration.ofMillis(50),
        Duration.ofMillis(500),
        Duration.ofSeconds(5),
        "test",
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        BrokerSecurity.NONE,
        PublisherSettings.DEFAULT_BACKLOG_SHARE);
  }

  private static Publisher started(PublisherSettings settings, Outbox outbox) {
    Publisher publisher =
        new Publisher(settings, outbox, InstantSource.system(), new SplittableRandom(11));
    publisher.start();
    return publisher;
  }

  /**
   * Appends readings at a steady rate (value = seq, event time = append time) on its own thread,
   * {@code outage-feeder}, catching up if it falls behind, until {@link #stop}.
   */
  private static final class Feeder implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;

    Feeder(Outbox outbox, Publisher publisher, int perSecond) {
      thread =
          new Thread(
              () -> {
                long start = System.nanoTime();
                long appended = 0;
                while (!stop) {
                  long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
                  for (; appended < due; appended++) {
                    long seq = outbox.lastSeq() + 1;
                    outbox.append("m", seq, System.currentTimeMillis());
                  }
                  publisher.wakeUp();
                  LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
              },
              "outage-feeder");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      stop = true;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      stop();
    }
  }
}
