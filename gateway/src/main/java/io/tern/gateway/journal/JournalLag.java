package io.tern.gateway.journal;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Journal entries appended since the gateway started and not yet processed by the pipeline: the
 * pipeline's backlog, which drives back-pressure. Thread-safe.
 */
@Singleton
public final class JournalLag {
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();

  void appended() {
    appended.incrementAndGet();
  }

  /** The pipeline processed one entry appended since start. Pipeline thread. */
  public void processed() {
    processed.incrementAndGet();
  }

  /** Entries waiting for the pipeline. */
  public long entries() {
    return Math.max(0, appended.get() - processed.get());
  }
}
