package io.tern.bridge.delivery;

import io.tern.bridge.sink.Sink;
import io.tern.bridge.sink.SinkException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves outputs from the log to the sink: the source's position advances only after the sink
 * flushed a batch; after any sink failure the loop asks the sink where to resume (an exactly-once
 * sink knows the position it committed with its last transaction; an at-least-once sink defers to
 * the source's committed position) and reads on from there, with backoff. Nothing is skipped.
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
  private boolean resumed;
  private boolean downReported;
  private String attentionReported;

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
        Step step = stepSafely();
        if (step instanceof Step.Stopped) {
          stop();
        }
        Duration wait = waitAfter(step);
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

  /**
   * One iteration: (re)position the source where the sink says, take a batch, deliver it, commit
   * it.
   */
  public Step step() {
    stats.lag(source.lag());
    if (!resumed) {
      OptionalLong position;
      try {
        position = sink.resumePosition();
      } catch (SinkException e) {
        return failed(e, 0);
      }
      source.resumeAfter(position);
      resumed = true; // reachable, but the backoff resets only once a batch (or idleness) follows
      stats.lag(source.lag());
    }
    Optional<SourceBatch> next = source.poll(settings.maxBatch());
    stats.gapEntries(source.gapEntries());
    if (next.isEmpty()) {
      markUp();
      return new Step.Idle();
    }
    SourceBatch batch = next.get();
    try {
      sink.deliver(batch.outputs(), batch.lastPosition());
      sink.flush();
    } catch (SinkException e) {
      resumed = false; // re-read from what the sink made durable
      return failed(e, batch.outputs().size());
    }
    source.commit(batch);
    stats.delivered(batch.outputs());
    stats.undecodable(batch.undecodable());
    stats.lag(source.lag());
    markUp();
    return new Step.Delivered(batch.outputs().size(), batch.undecodable());
  }

  private Step failed(SinkException e, int batchSize) {
    stats.sinkUp(false);
    String reason = e.getMessage();
    if (e.fatal()) {
      LOG.error("Delivery stopped for good: {}", reason, e);
      stats.fatal(reason);
      return new Step.Stopped(reason);
    }
    Duration retryIn = backoff.next();
    if (!e.retriable() && !reason.equals(attentionReported)) {
      LOG.error(
          "Sink failed, needs attention ({} log entries waiting; retrying with backoff, logged"
              + " again when the reason changes): {}",
          stats.lag(),
          reason,
          e);
      attentionReported = reason;
    } else if (!e.retriable()) {
      LOG.debug("Still failing, retrying in {}: {}", retryIn, reason);
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
    attentionReported = null;
    backoff.reset();
  }

  private Step stepSafely() {
    try {
      return step();
    } catch (RuntimeException e) {
      resumed = false;
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
