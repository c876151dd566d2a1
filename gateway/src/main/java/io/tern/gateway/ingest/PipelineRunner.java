package io.tern.gateway.ingest;

import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.core.dedupe.DedupeSettings;
import io.tern.gateway.core.detect.DetectionRule;
import io.tern.gateway.core.detect.DetectionSettings;
import io.tern.gateway.core.pipeline.Pipeline;
import io.tern.gateway.core.pipeline.PipelineSettings;
import io.tern.gateway.core.rollup.RollupSettings;
import io.tern.gateway.device.DeviceTracker;
import io.tern.gateway.device.LatestRollups;
import io.tern.gateway.journal.IngestJournal;
import io.tern.gateway.journal.JournalEntry;
import io.tern.gateway.journal.JournalLag;
import io.tern.gateway.journal.JournalMetrics;
import io.tern.gateway.journal.SnapshotStore;
import io.tern.gateway.output.MqttOutputPublisher;
import io.tern.gateway.output.OutputLog;
import io.tern.gateway.status.ActiveAlerts;
import io.tern.gateway.status.GatewayMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Pipeline} on one thread, {@value #THREAD_NAME} (single writer of all pipeline
 * state and of the output log), reading the {@link IngestJournal} in order: batches and clock
 * ticks, each with its journaled time, so the pipeline is a deterministic function of the journal.
 *
 * <p>Recovery, in {@link #start}: restore the newest snapshot (or start empty), replay the journal
 * after its index, and skip outputs already in the output log (see {@link PipelineFanout}). Every
 * {@code snapshot-interval} and at a clean stop, it snapshots the state with the index of the last
 * entry processed.
 *
 * <p>Threading: {@link #start} and {@link #stop} by the thread that starts or closes the gateway;
 * start before the journal writer, stop after it.
 */
@Singleton
public final class PipelineRunner {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
  static final String THREAD_NAME = "tern-pipeline";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final PipelineSettings settings;
  private final PipelineFanout fanout;
  private final IngestJournal journal;
  private final JournalLag lag;
  private final JournalMetrics journalMetrics;
  private final GatewayMetrics metrics;
  private final DeviceTracker deviceTracker;
  private final OutputLog outputLog;
  private final SnapshotStore snapshots;
  private final long snapshotIntervalNanos;
  private final Set<String> devices = new HashSet<>();
  private final Thread thread;
  private Pipeline pipeline;
  private IngestJournal.Reader reader;
  private long processedIndex = -1;
  private long liveFromIndex;
  private long snapshotIndex = -1;
  private long nextSnapshotNanos;
  private long recoveryStartNanos;
  private long replayed;
  private volatile boolean recovering;
  private volatile boolean running;

  @Inject
  public PipelineRunner(
      GatewayConfig config,
      IngestJournal journal,
      JournalLag lag,
      JournalMetrics journalMetrics,
      OutputLog outputLog,
      MqttOutputPublisher mqtt,
      ActiveAlerts activeAlerts,
      GatewayMetrics metrics,
      DeviceTracker deviceTracker,
      LatestRollups latestRollups) {
    this.settings = settings(config);
    this.fanout =
        new PipelineFanout(outputLog, mqtt, activeAlerts, metrics, deviceTracker, latestRollups);
    this.journal = journal;
    this.lag = lag;
    this.journalMetrics = journalMetrics;
    this.metrics = metrics;
    this.deviceTracker = deviceTracker;
    this.outputLog = outputLog;
    this.snapshots = new SnapshotStore(config.dataDir().resolve("snapshots"));
    this.snapshotIntervalNanos = config.snapshotInterval().toNanos();
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setUncaughtExceptionHandler(
        (t, e) -> LOG.error("Pipeline thread died; telemetry is no longer processed", e));
  }

  static PipelineSettings settings(GatewayConfig config) {
    RollupSettings rollup =
        new RollupSettings(
            config.rollupWindow(),
            config.grace(),
            Optional.ofNullable(config.rollupIdleTimeout()),
            config.rollupRetention(),
            config.rollupRetainedWindows(),
            config.rollupQuantiles(),
            RollupSettings.defaults().relativeAccuracy());
    return new PipelineSettings(
        new DedupeSettings(config.dedupeMaxRanges(), config.dedupeMaxStreams()),
        rollup,
        detection(config));
  }

  /**
   * The detection settings of the config.
   *
   * @throws IllegalArgumentException naming {@code tern.gateway.alert-rules} and the bad rule
   */
  static DetectionSettings detection(GatewayConfig config) {
    List<DetectionRule> rules = new ArrayList<>();
    for (String rule : config.alertRules()) {
      try {
        rules.add(DetectionRule.parse(rule));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tern.gateway.alert-rules: " + e.getMessage(), e);
      }
    }
    return new DetectionSettings(
        config.alertSensitivity(),
        DetectionSettings.defaults().warmup(),
        config.alertMinSilence(),
        rules);
  }

  /**
   * Restores the newest snapshot and starts the pipeline thread, which replays the journal after it
   * and then follows the journal as it grows.
   *
   * @throws IllegalStateException if the snapshot cannot be used (e.g. taken with other settings)
   */
  public synchronized void start() {
    if (running) {
      return;
    }
    recover();
    running = true;
    thread.start();
  }

  private void recover() {
    recoveryStartNanos = System.nanoTime();
    Optional<SnapshotStore.Snapshot> snapshot;
    try {
      snapshot = snapshots.latest();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the snapshots in " + snapshots.dir(), e);
    }
    if (snapshot.isPresent()) {
      SnapshotStore.Snapshot s = snapshot.get();
      try {
        pipeline =
            Pipeline.readState(
                settings, fanout, new DataInputStream(new ByteArrayInputStream(s.state())));
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot restore the pipeline snapshot "
                + s.file()
                + ": "
                + e.getMessage()
                + ". Restore the settings it was taken with, or move "
                + snapshots.dir()
                + " and "
                + journal.dir()
                + " away to start with empty state",
            e);
      }
      processedIndex = s.journalIndex();
      snapshotIndex = processedIndex;
    } else {
      pipeline = new Pipeline(settings, fanout);
    }
    OutputLog.Source emitted = outputLog.lastSource();
    fanout.emittedThrough(emitted);
    liveFromIndex = journal.lastIndex();
    recovering = liveFromIndex > processedIndex;
    nextSnapshotNanos = System.nanoTime() + snapshotIntervalNanos;
    if (recovering) {
      LOG.info(
          "Recovering the pipeline: {}, replaying the journal after entry {} up to {} "
              + "(outputs through {} are already in the output log)",
          snapshot.map(s -> "snapshot " + s.file().getFileName()).orElse("no snapshot"),
          Long.toHexString(processedIndex),
          Long.toHexString(liveFromIndex),
          emitted);
    }
  }

  /** Whether the pipeline thread was started, is not stopping and is alive (health check). */
  public boolean isRunning() {
    return running && thread.isAlive();
  }

  /** Whether the pipeline is still replaying the journal it found at start. */
  public boolean isRecovering() {
    return recovering;
  }

  /**
   * Processes the rest of the journal, snapshots the state and ends the pipeline thread. Call after
   * the journal writer stopped, so the journal no longer grows.
   */
  @PreDestroy
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    try {
      thread.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while waiting for the pipeline thread to drain the journal");
    }
    if (thread.isAlive()) {
      LOG.warn("Pipeline thread did not drain the journal within {}", STOP_TIMEOUT);
    }
  }

  private void run() {
    LOG.debug("Pipeline thread started");
    reader = journal.reader(processedIndex); // a Chronicle tailer belongs to one thread
    while (true) {
      JournalEntry entry = reader.next();
      if (entry == null) {
        if (recovering) {
          recovered(); // the journal ended before the expected index (should not happen)
        }
        if (!running) {
          break;
        }
        snapshotIfDue();
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        continue;
      }
      process(entry, reader.index());
      snapshotIfDue();
    }
    snapshot();
    LOG.debug("Pipeline thread stopped");
  }

  private void process(JournalEntry entry, long index) {
    fanout.beginEntry(index);
    try {
      if (entry instanceof JournalEntry.Batch batch) {
        pipeline.accept(batch.readings(), batch.timeMs());
        pipeline.gaps(batch.gaps());
        deviceTracker.batchProcessed(
            batch.deviceId(),
            batch.readings().size(),
            pipeline.watermark(batch.deviceId()),
            batch.timeMs());
        if (devices.add(batch.deviceId())) {
          metrics.devicesSeen(devices.size());
        }
        metrics.batchProcessed(batch.readings().size());
      } else if (entry instanceof JournalEntry.Status status) {
        if (!status.online()) {
          pipeline.deviceOffline(status.deviceId(), status.timeMs());
        }
      } else {
        pipeline.tick(entry.timeMs());
      }
      metrics.openWindows(pipeline.openWindows());
    } catch (RuntimeException e) {
      deviceTracker.batchFailed();
      metrics.pipelineError();
      LOG.error("Pipeline failed on journal entry {}", Long.toHexString(index), e);
    }
    processedIndex = index;
    if (index > liveFromIndex) {
      lag.processed();
    } else {
      replayed++;
      journalMetrics.replayed();
      if (index == liveFromIndex) {
        recovered();
      }
    }
  }

  private void recovered() {
    recovering = false;
    LOG.info(
        "Pipeline recovered: replayed {} journal entries in {} ms",
        replayed,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoveryStartNanos));
  }

  private void snapshotIfDue() {
    if (System.nanoTime() - nextSnapshotNanos >= 0) {
      nextSnapshotNanos = System.nanoTime() + snapshotIntervalNanos;
      snapshot();
    }
  }

  private void snapshot() {
    if (processedIndex == snapshotIndex) {
      return; // nothing new since the last one
    }
    long start = System.nanoTime();
    try {
      long bytes = snapshots.write(processedIndex, pipeline::writeState);
      snapshotIndex = processedIndex;
      journalMetrics.snapshotWritten(bytes, System.nanoTime() - start);
      journal.deleteCyclesBefore(snapshots.oldestKeptIndex());
      LOG.debug("Snapshot at journal entry {}: {} bytes", Long.toHexString(processedIndex), bytes);
    } catch (IOException | RuntimeException e) {
      LOG.error(
          "Cannot write a pipeline snapshot to {}; recovery will replay more of the journal",
          snapshots.dir(),
          e);
    }
  }
}
