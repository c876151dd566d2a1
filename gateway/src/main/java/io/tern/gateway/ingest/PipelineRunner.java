package io.tern.gateway.ingest;

import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.core.dedupe.DedupeSettings;
import io.tern.gateway.core.detect.SpikeSettings;
import io.tern.gateway.core.pipeline.Pipeline;
import io.tern.gateway.core.pipeline.PipelineOutput;
import io.tern.gateway.core.pipeline.PipelineSettings;
import io.tern.gateway.core.rollup.RollupSettings;
import io.tern.gateway.device.DeviceTracker;
import io.tern.gateway.device.LatestRollups;
import io.tern.gateway.output.MqttOutputPublisher;
import io.tern.gateway.output.OutputLog;
import io.tern.gateway.status.ActiveAlerts;
import io.tern.gateway.status.GatewayMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Pipeline} on one thread, {@value #THREAD_NAME} (single writer of all pipeline
 * state and of the output log), fed by a bounded queue. Between batches, at least every {@link
 * #TICK_INTERVAL} of the injected clock, it ticks the pipeline so that windows of quiet devices
 * close.
 *
 * <p>Threading: {@link #offer} is called by HiveMQ threads and never blocks; {@link #start} and
 * {@link #stop} by the thread that starts or closes the gateway.
 */
@Singleton
public final class PipelineRunner {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
  static final String THREAD_NAME = "tern-pipeline";
  static final int QUEUE_CAPACITY = 10_000;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  static final Duration TICK_INTERVAL = Duration.ofSeconds(1);

  private final BlockingQueue<IngestBatch> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Pipeline pipeline;
  private final GatewayMetrics metrics;
  private final DeviceTracker deviceTracker;
  private final InstantSource clock;
  private long nextTickMs;
  private final Set<String> devices = new HashSet<>();
  private final Thread thread;
  private final ReadWriteLock gate = new ReentrantReadWriteLock();
  private volatile boolean accepting;
  private volatile boolean running;

  @Inject
  public PipelineRunner(
      GatewayConfig config,
      OutputLog outputLog,
      MqttOutputPublisher mqtt,
      ActiveAlerts activeAlerts,
      GatewayMetrics metrics,
      DeviceTracker deviceTracker,
      LatestRollups latestRollups) {
    this(
        config,
        InstantSource.system(),
        new PipelineFanout(outputLog, mqtt, activeAlerts, metrics, deviceTracker, latestRollups),
        metrics,
        deviceTracker);
  }

  /** With the pipeline's clock and output given (tests). */
  PipelineRunner(
      GatewayConfig config,
      InstantSource clock,
      PipelineOutput output,
      GatewayMetrics metrics,
      DeviceTracker deviceTracker) {
    this.pipeline = new Pipeline(settings(config), output);
    this.clock = clock;
    this.metrics = metrics;
    this.deviceTracker = deviceTracker;
    metrics.pipelineQueue(queue::size, QUEUE_CAPACITY);
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
        new DedupeSettings(config.dedupeWindow(), config.dedupeMaxStreams()),
        rollup,
        SpikeSettings.withThreshold(config.spikeThreshold()));
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    accepting = true;
    nextTickMs = clock.millis() + TICK_INTERVAL.toMillis();
    thread.start();
  }

  /**
   * Hands a batch to the pipeline thread without blocking.
   *
   * @return false if the queue is full or the runner is stopping (the sender should retry)
   */
  public boolean offer(IngestBatch batch) {
    // The read lock is never contended except during stop(), so tryLock does not block; holding it
    // guarantees that a batch accepted here is queued before the pipeline thread may drain and end.
    if (!gate.readLock().tryLock()) {
      return false;
    }
    try {
      return accepting && queue.offer(batch);
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Whether the pipeline thread was started, is not stopping and is alive (health check). */
  public boolean isRunning() {
    return running && thread.isAlive();
  }

  /** Stops accepting, processes what is queued, and waits for the pipeline thread to end. */
  @PreDestroy
  public synchronized void stop() {
    if (!running) {
      return;
    }
    gate.writeLock().lock();
    try {
      accepting = false;
    } finally {
      gate.writeLock().unlock();
    }
    running = false;
    try {
      thread.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while waiting for the pipeline thread to drain");
    }
    if (thread.isAlive()) {
      LOG.warn("Pipeline thread did not drain {} batches within {}", queue.size(), STOP_TIMEOUT);
    }
  }

  private void run() {
    LOG.debug("Pipeline thread started");
    try {
      while (running || !queue.isEmpty()) {
        IngestBatch batch = queue.poll(100, TimeUnit.MILLISECONDS);
        if (batch != null) {
          process(batch);
        }
        tickIfDue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Pipeline thread interrupted with {} batches queued", queue.size());
    }
    LOG.debug("Pipeline thread stopped");
  }

  private void process(IngestBatch batch) {
    try {
      pipeline.accept(batch.readings(), clock.millis());
      deviceTracker.batchProcessed(
          batch.deviceId(),
          batch.readings().size(),
          pipeline.watermark(batch.deviceId()),
          clock.millis());
      if (devices.add(batch.deviceId())) {
        metrics.devicesSeen(devices.size());
      }
      metrics.batchProcessed(batch.readings().size());
      metrics.openWindows(pipeline.openWindows());
    } catch (RuntimeException e) {
      deviceTracker.batchFailed();
      metrics.pipelineError();
      LOG.error("Pipeline failed on a batch of device '{}'", batch.deviceId(), e);
    }
  }

  private void tickIfDue() {
    long now = clock.millis();
    if (now < nextTickMs) {
      return;
    }
    nextTickMs = now + TICK_INTERVAL.toMillis();
    try {
      pipeline.tick(now);
      metrics.openWindows(pipeline.openWindows());
    } catch (RuntimeException e) {
      metrics.pipelineError();
      LOG.error("Pipeline failed closing the windows of quiet devices", e);
    }
  }
}
