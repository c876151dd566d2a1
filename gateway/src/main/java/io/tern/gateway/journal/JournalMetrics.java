package io.tern.gateway.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Meters of the ingest journal, snapshots and recovery ({@code tern.gateway.journal.*}, {@code
 * tern.gateway.snapshot.*}). Thread-safe.
 */
@Singleton
public final class JournalMetrics {
  private final MeterRegistry registry;
  private final Counter backPressure;
  private final Counter failures;
  private final Counter busyRejections;
  private final Timer syncs;
  private final DistributionSummary groups;
  private final Timer snapshots;
  private final DistributionSummary snapshotBytes;
  private final Counter replayed;

  public JournalMetrics(MeterRegistry registry, JournalLag lag) {
    this.registry = registry;
    Gauge.builder("tern.gateway.journal.lag", lag, JournalLag::entries)
        .description("journal entries (batches and ticks) not yet processed by the pipeline")
        .register(registry);
    backPressure =
        Counter.builder("tern.gateway.journal.backpressure")
            .description("milliseconds the journal writer held acknowledgements back")
            .register(registry);
    failures =
        Counter.builder("tern.gateway.journal.failures")
            .description("batches refused because the journal could not be written")
            .register(registry);
    busyRejections =
        Counter.builder("tern.gateway.busy.rejections")
            .description("telemetry refused with QUOTA_EXCEEDED: journal queue full or stopping")
            .register(registry);
    syncs =
        Timer.builder("tern.gateway.journal.sync")
            .description("forcing a group of journal appends to disk")
            .register(registry);
    groups =
        DistributionSummary.builder("tern.gateway.journal.group")
            .description("batches acknowledged per journal group commit")
            .register(registry);
    snapshots =
        Timer.builder("tern.gateway.snapshot.write")
            .description("writing a pipeline state snapshot")
            .register(registry);
    snapshotBytes =
        DistributionSummary.builder("tern.gateway.snapshot.size")
            .baseUnit("bytes")
            .description("size of the pipeline state snapshots")
            .register(registry);
    replayed =
        Counter.builder("tern.gateway.recovery.replayed")
            .description("journal entries replayed at start (after the last snapshot)")
            .register(registry);
  }

  /** Registers the gauge of batches waiting for the journal writer. */
  void writerQueue(Supplier<Number> depth, int capacity) {
    Gauge.builder("tern.gateway.journal.queue.depth", depth)
        .description("telemetry batches waiting to be journaled")
        .register(registry);
    Gauge.builder("tern.gateway.journal.queue.capacity", () -> capacity)
        .description("batches the journal queue holds before refusing with QUOTA_EXCEEDED")
        .register(registry);
  }

  void backPressure() {
    backPressure.increment();
  }

  void failure() {
    failures.increment();
  }

  /** A batch refused at once: writer queue full or stopping. HiveMQ threads. */
  public void busyRejection() {
    busyRejections.increment();
  }

  void synced(long nanos) {
    syncs.record(nanos, TimeUnit.NANOSECONDS);
  }

  void group(int batches) {
    groups.record(batches);
  }

  public void snapshotWritten(long bytes, long nanos) {
    snapshotBytes.record(bytes);
    snapshots.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void replayed() {
    replayed.increment();
  }
}
