package io.tern.gateway.journal;

import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Reading;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends accepted telemetry batches to the {@link IngestJournal} with group commit, on one thread
 * ({@value #THREAD_NAME}): it takes every batch waiting, appends them, forces them to disk once
 * (unless {@code journal-sync} is {@code none}), and only then acknowledges them all. Every {@link
 * #TICK_INTERVAL} it also journals a clock tick. Each entry is stamped with the writer's clock, so
 * journal time never goes backwards.
 *
 * <p>Back-pressure: while the pipeline is more than {@code max-journal-lag} entries behind, the
 * writer pauses, so acknowledgements slow down and the senders' in-flight windows fill; when the
 * waiting queue is full, {@link #offer} refuses at once (the sender retries later).
 *
 * <p>Threading: {@link #offer} by HiveMQ threads, never blocking; {@link #start}/{@link #stop} by
 * the thread that starts or closes the gateway.
 */
@Singleton
public final class JournalWriter {
  private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
  static final String THREAD_NAME = "tern-journal";
  static final int QUEUE_CAPACITY = 10_000;
  private static final int MAX_GROUP = 1_024;
  static final Duration TICK_INTERVAL = Duration.ofSeconds(1);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** What waits to be journaled: the entry, made with the group's journal time. */
  private record Pending(LongFunction<JournalEntry> entry, Acknowledgement ack) {}

  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final IngestJournal journal;
  private final JournalLag lag;
  private final JournalMetrics metrics;
  private final InstantSource clock;
  private final boolean sync;
  private final long maxLag;
  private final Thread thread;
  private final ReadWriteLock gate = new ReentrantReadWriteLock();
  private volatile boolean accepting;
  private volatile boolean running;
  private long lastTimeMs = Long.MIN_VALUE;
  private long nextTickMs;
  private long lastFailureLogMs = Long.MIN_VALUE;

  @Inject
  public JournalWriter(
      GatewayConfig config, IngestJournal journal, JournalLag lag, JournalMetrics metrics) {
    this(
        journal,
        lag,
        metrics,
        InstantSource.system(),
        config.journalSync(),
        config.maxJournalLag());
  }

  JournalWriter(
      IngestJournal journal,
      JournalLag lag,
      JournalMetrics metrics,
      InstantSource clock,
      GatewayConfig.JournalSync sync,
      long maxLag) {
    this.journal = journal;
    this.lag = lag;
    this.metrics = metrics;
    this.clock = clock;
    this.sync = sync == GatewayConfig.JournalSync.GROUP;
    this.maxLag = maxLag;
    metrics.writerQueue(queue::size, QUEUE_CAPACITY);
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setUncaughtExceptionHandler(
        (t, e) -> LOG.error("Journal writer died; telemetry is no longer acknowledged", e));
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    accepting = true;
    nextTickMs = clock.millis();
    thread.start();
  }

  /**
   * Hands a batch to the writer without blocking; {@code ack} is told later whether it was
   * journaled.
   *
   * @return false if the writer is full or stopping ({@code ack} is not called; the sender should
   *     retry later)
   */
  public boolean offer(String deviceId, List<Reading> readings, Acknowledgement ack) {
    return offer(deviceId, readings, List.of(), ack);
  }

  /** Like {@link #offer(String, List, Acknowledgement)}, with the gaps the message reported. */
  public boolean offer(
      String deviceId, List<Reading> readings, List<DataGap> gaps, Acknowledgement ack) {
    return enqueue(
        new Pending(timeMs -> new JournalEntry.Batch(timeMs, deviceId, readings, gaps), ack));
  }

  /**
   * Hands a device's announced state (from its status topic: birth, will or shutdown) to the writer
   * without blocking, like {@link #offer}.
   */
  public boolean offerStatus(String deviceId, boolean online, Acknowledgement ack) {
    return enqueue(new Pending(timeMs -> new JournalEntry.Status(timeMs, deviceId, online), ack));
  }

  private boolean enqueue(Pending pending) {
    // The read lock is only contended during stop(): tryLock does not block, and holding it
    // guarantees that a batch accepted here is queued before the writer drains and ends.
    if (!gate.readLock().tryLock()) {
      return false;
    }
    try {
      return accepting && queue.offer(pending);
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Whether the writer thread was started, is not stopping and is alive (health check). */
  public boolean isRunning() {
    return running && thread.isAlive();
  }

  /** Stops accepting, journals and acknowledges what is waiting, and ends the writer thread. */
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
    }
    if (thread.isAlive()) {
      LOG.warn("Journal writer did not finish {} batches within {}", queue.size(), STOP_TIMEOUT);
    }
  }

  private void run() {
    LOG.debug("Journal writer started (sync: {})", sync ? "group" : "none");
    List<Pending> group = new ArrayList<>(MAX_GROUP);
    try {
      while (running || !queue.isEmpty()) {
        if (running && lag.entries() > maxLag) {
          metrics.backPressure();
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
          tickIfDue(true);
          continue;
        }
        Pending first = queue.poll(10, TimeUnit.MILLISECONDS);
        if (first != null) {
          group.add(first);
          queue.drainTo(group, MAX_GROUP - 1);
          write(group);
          group.clear();
        }
        tickIfDue(false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Journal writer interrupted with {} batches waiting", queue.size());
    }
    LOG.debug("Journal writer stopped");
  }

  private void write(List<Pending> group) {
    long timeMs = now();
    int appended = 0;
    String failure = null;
    try {
      for (Pending p : group) {
        journal.append(p.entry().apply(timeMs));
        lag.appended();
        appended++;
      }
      if (sync) {
        long start = System.nanoTime();
        journal.sync();
        metrics.synced(System.nanoTime() - start);
      }
    } catch (RuntimeException e) {
      failure = "gateway cannot write its journal (" + e.getMessage() + "), retry later";
      logFailure(e);
    }
    metrics.group(group.size());
    for (int i = 0; i < group.size(); i++) {
      Acknowledgement ack = group.get(i).ack();
      // With sync on, an entry appended before a failed sync is not known to be durable: failing it
      // makes its sender resend, and dedupe drops the copy if the first one survived.
      if (failure == null) {
        ack.journaled();
      } else {
        metrics.failure();
        ack.failed(failure);
      }
    }
    if (failure != null && appended < group.size()) {
      LOG.debug("{} of {} batches appended before the journal failed", appended, group.size());
    }
  }

  private void tickIfDue(boolean backPressure) {
    long now = clock.millis();
    if (now < nextTickMs) {
      return;
    }
    nextTickMs = now + TICK_INTERVAL.toMillis();
    if (backPressure && lag.entries() > 2 * maxLag) {
      return; // the pipeline is far behind: a tick more would only add to its backlog
    }
    try {
      journal.append(new JournalEntry.Tick(now()));
      lag.appended();
    } catch (RuntimeException e) {
      logFailure(e);
    }
  }

  /** The clock, never going backwards (a clock stepped back must not reorder journal time). */
  private long now() {
    lastTimeMs = Math.max(lastTimeMs, clock.millis());
    return lastTimeMs;
  }

  private void logFailure(RuntimeException e) {
    long now = clock.millis();
    if (now - lastFailureLogMs >= 10_000) {
      lastFailureLogMs = now;
      LOG.error("Cannot write the ingest journal at {}; refusing telemetry", journal.dir(), e);
    }
  }
}
