package io.tern.bridge.delivery;

import io.tern.bridge.output.Output;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the delivery loop: written by the delivery thread, read by any thread. */
public final class DeliveryStats {

  private final AtomicLong rollupsDelivered = new AtomicLong();
  private final AtomicLong alertsDelivered = new AtomicLong();
  private final AtomicLong gapsDelivered = new AtomicLong();
  private final AtomicLong decodeErrors = new AtomicLong();
  private volatile long lag;
  private volatile long gapEntries;
  private volatile boolean sinkUp;
  private volatile String fatalError;

  void delivered(List<Output> outputs) {
    for (Output output : outputs) {
      switch (output.kind()) {
        case ROLLUP -> rollupsDelivered.incrementAndGet();
        case ALERT -> alertsDelivered.incrementAndGet();
        case GAP -> gapsDelivered.incrementAndGet();
      }
    }
  }

  /** Gap reports (readings the agents dropped unsent) delivered; not {@link #gapEntries}. */
  public long gapsDelivered() {
    return gapsDelivered.get();
  }

  void undecodable(int count) {
    decodeErrors.addAndGet(count);
  }

  void lag(long entries) {
    lag = entries;
  }

  void gapEntries(long entries) {
    gapEntries = entries;
  }

  /** Entries deleted from the log before they were delivered (see {@code OutputSource}). */
  public long gapEntries() {
    return gapEntries;
  }

  void sinkUp(boolean up) {
    sinkUp = up;
  }

  void fatal(String reason) {
    fatalError = reason;
  }

  /** Why delivery stopped for good, or {@code null} while it runs (or stopped on request). */
  public String fatalError() {
    return fatalError;
  }

  public long rollupsDelivered() {
    return rollupsDelivered.get();
  }

  public long alertsDelivered() {
    return alertsDelivered.get();
  }

  public long decodeErrors() {
    return decodeErrors.get();
  }

  /** Entries appended to the log and not yet delivered, as last measured. */
  public long lag() {
    return lag;
  }

  /** Whether the last interaction with the sink succeeded. */
  public boolean sinkUp() {
    return sinkUp;
  }
}
