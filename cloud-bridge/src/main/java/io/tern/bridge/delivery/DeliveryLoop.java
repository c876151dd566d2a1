package io.tern.bridge.delivery;

import io.tern.bridge.sink.Sink;
import io.tern.bridge.sink.SinkException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves outputs from the log to the sink, at least once: a batch is committed in the log only after
 * the sink flushed it; a failed batch is kept and retried with backoff, never skipped.
 *
 * <p>{@link #run} is the body of the single delivery thread, which alone touches the source and the
 * sink (and closes both when it ends). {@link #stop} may be called from any thread; it does not
 * interrupt (Chronicle files must not see interrupts), the loop notices it between steps.
 */
public final class DeliveryLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

  private final OutputSource source;
  private final Sink sink;
  private final DeliveryStats stats;
  private final DeliverySettings settings;
  private final Backoff backoff;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private Optional<SourceBatch> pending = Optional.empty();
  private boolean downReported;

  public DeliveryLoop(
      OutputSource source, Sink sink, DeliveryStats stats, DeliverySettings settings) {
    this.source = source;
    this.sink = sink;
    this.stats = stats;
    this.settings = settings;
    this.backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
  }

  @Override
  public void run() {
    try {
      while (!stopping()) {
        Duration wait = waitAfter(stepSafely());
        if (!wait.isZero()) {
          pause(wait);
        }
      }
    } finally {
      closeQuietly();
    }
  }

  /** Asks the loop to finish its current step and end. */
  public void stop() {
    stopRequested.countDown();
  }

  /** One iteration: measure lag, take (or retry) a batch, deliver it, commit it. */
  public Step step() {
    stats.lag(source.lag());
    if (pending.isEmpty()) {
      pending = source.poll(settings.maxBatch());
      pending.ifPresent(batch -> stats.undecodable(batch.undecodable()));
    }
    if (pending.isEmpty()) {
      return stats.sinkUp() ? new Step.Idle() : probeSink();
    }
    SourceBatch batch = pending.get();
    try {
      sink.deliver(batch.outputs());
      sink.flush();
    } catch (SinkException e) {
      return failed(e, batch.outputs().size());
    }
    source.commit(batch);
    pending = Optional.empty();
    stats.delivered(batch.outputs());
    stats.lag(source.lag());
    markUp();
    return new Step.Delivered(batch.outputs().size(), batch.undecodable());
  }

  private Step probeSink() {
    try {
      sink.deliver(List.of());
      sink.flush();
    } catch (SinkException e) {
      return failed(e, 0);
    }
    markUp();
    return new Step.Idle();
  }

  private Step failed(SinkException e, int batchSize) {
    stats.sinkUp(false);
    Duration retryIn = backoff.next();
    String reason = e.getMessage();
    if (!e.retriable()) {
      LOG.error(
          "Delivery of {} outputs failed (not retriable), retrying in {}", batchSize, retryIn, e);
    } else if (!downReported) {
      LOG.warn(
          "Sink unreachable ({} log entries waiting), retrying with backoff: {}",
          stats.lag(),
          reason);
    } else {
      LOG.debug("Sink still unreachable, retrying in {}: {}", retryIn, reason);
    }
    downReported = true;
    return new Step.Failed(reason, retryIn);
  }

  private void markUp() {
    if (!stats.sinkUp()) {
      LOG.info("Sink reachable");
    }
    stats.sinkUp(true);
    downReported = false;
    backoff.reset();
  }

  private Step stepSafely() {
    try {
      return step();
    } catch (RuntimeException e) {
      Duration retryIn = backoff.next();
      LOG.error("Unexpected failure in the delivery loop, retrying in {}", retryIn, e);
      return new Step.Failed(String.valueOf(e), retryIn);
    }
  }

  private Duration waitAfter(Step step) {
    if (step instanceof Step.Failed failed) {
      return failed.retryIn();
    }
    return step instanceof Step.Idle ? settings.idlePoll() : Duration.ZERO;
  }

  private boolean stopping() {
    return stopRequested.getCount() == 0;
  }

  private void pause(Duration wait) {
    try {
      stopRequested.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    }
  }

  private void closeQuietly() {
    try {
      sink.close();
    } finally {
      source.close();
    }
  }
}
