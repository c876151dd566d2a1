package io.tern.agent.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a test) asking the agent command to stop; sources wait on it instead of sleeping.
 *
 * <p>Threads: requested from the shutdown hook or a test thread, awaited by the command's thread.
 * An interrupt of the waiting thread counts as a stop request.
 */
final class StopSignal {
  private final CountDownLatch latch = new CountDownLatch(1);

  void request() {
    latch.countDown();
  }

  boolean requested() {
    return latch.getCount() == 0;
  }

  /** Waits up to {@code nanos}; true if a stop was requested. */
  boolean awaitNanos(long nanos) {
    try {
      return latch.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Waits until a stop is requested. */
  void await() {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
