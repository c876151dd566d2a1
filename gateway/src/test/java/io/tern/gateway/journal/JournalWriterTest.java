package io.tern.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tern.gateway.config.GatewayConfig.JournalSync;
import io.tern.gateway.core.model.Reading;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal writer on a real journal: acknowledges only what it appended, holds acknowledgements
 * back while the pipeline lags, refuses when its queue is full.
 */
class JournalWriterTest {
  private static final int MAX_LAG = 5;
  private static final List<Reading> READINGS =
      List.of(new Reading("d", 1, 0, "t", 1.0, 1_700_000_000_000L));

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final JournalLag lag = new JournalLag();
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private IngestJournal journal;
  private JournalWriter writer;

  private final Acknowledgement ack =
      new Acknowledgement() {
        @Override
        public void journaled() {
          acked.incrementAndGet();
        }

        @Override
        public void failed(String reason) {
          failed.incrementAndGet();
        }
      };

  @BeforeEach
  void start() {
    journal = new IngestJournal(dir);
    // A clock that stands still: one tick at start, then none, so the lag counts batches only.
    InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_800_000_000_000L));
    writer =
        new JournalWriter(
            journal, lag, new JournalMetrics(registry, lag), clock, JournalSync.GROUP, MAX_LAG);
    writer.start();
  }

  @AfterEach
  void stop() {
    writer.stop();
    journal.close();
  }

  @Test
  void acknowledgementsWait_whileThePipelineLags_andResumeWhenItCatchesUp() {
    await().until(() -> lag.entries() == 1); // the first tick
    for (int i = 1; i <= MAX_LAG; i++) {
      assertThat(writer.offer("d", READINGS, ack)).isTrue();
      int expected = i;
      await().until(() -> acked.get() == expected);
    }
    assertThat(lag.entries()).isEqualTo(MAX_LAG + 1);

    assertThat(writer.offer("d", READINGS, ack)).isTrue();
    await().until(() -> registry.counter("tern.gateway.journal.backpressure").count() > 0);
    assertThat(acked.get()).as("held back while the lag exceeds the limit").isEqualTo(MAX_LAG);

    for (int i = 0; i < 2; i++) {
      lag.processed();
    }
    await().until(() -> acked.get() == MAX_LAG + 1);
    assertThat(failed.get()).isZero();
    assertThat(countEntries()).as("tick + batches").isEqualTo(MAX_LAG + 2);
  }

  @Test
  void aFullQueue_refusesAtOnce_andStopAcknowledgesWhatItHolds() {
    for (int i = 0; i < MAX_LAG + 1; i++) {
      lag.appended(); // the pipeline is far behind: the writer holds everything back
    }
    await().until(() -> registry.counter("tern.gateway.journal.backpressure").count() > 0);
    int accepted = 0;
    while (writer.offer("d", READINGS, ack)) {
      accepted++;
    }
    assertThat(accepted).isEqualTo(JournalWriter.QUEUE_CAPACITY);
    assertThat(acked.get()).isZero();

    writer.stop();

    assertThat(acked.get()).as("stop journals what was accepted").isEqualTo(accepted);
    assertThat(writer.offer("d", READINGS, ack)).as("stopped").isFalse();
  }

  private int countEntries() {
    IngestJournal.Reader reader = journal.reader(-1);
    int n = 0;
    while (reader.next() != null) {
      n++;
    }
    return n;
  }
}
