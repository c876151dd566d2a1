package io.tern.gateway.device;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-device activity for the HTTP API: last seen, watermark, readings accepted, duplicates, dead
 * letters.
 *
 * <p>Bounded: at most {@code maxDevices} devices (default {@value #DEFAULT_MAX_DEVICES}) are kept;
 * beyond that the least recently seen one is forgotten (counted in {@link #forgotten()}). Dead
 * letters of devices that never sent valid data are kept up to the same bound; further ones are
 * counted only globally ({@link #untrackedDeadLetters()}).
 *
 * <p>Threading: {@link #dropped} and {@link #batchProcessed} are called by the pipeline thread only
 * (single writer, no lock: each batch publishes one immutable {@link DeviceActivity} into a
 * concurrent view). {@link #deadLetters(String, long)} is called concurrently by HiveMQ threads,
 * where validation rejects. {@link #list} and {@link #get} may be called from any thread.
 */
@Singleton
public final class DeviceTracker {
  /** Devices kept by default. */
  public static final int DEFAULT_MAX_DEVICES = 100_000;

  private final int maxDevices;
  // Pipeline thread only: access order = least recently seen first.
  private final LinkedHashMap<String, DeviceActivity> byRecency;
  private final Map<String, DeviceActivity> view = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
  private final AtomicLong forgotten = new AtomicLong();
  private final LongAdder untrackedDeadLetters = new LongAdder();
  private long pendingDuplicates; // of the batch being processed (pipeline thread)

  @Inject
  public DeviceTracker() {
    this(DEFAULT_MAX_DEVICES);
  }

  public DeviceTracker(int maxDevices) {
    if (maxDevices < 1) {
      throw new IllegalArgumentException("maxDevices must be positive, was " + maxDevices);
    }
    this.maxDevices = maxDevices;
    this.byRecency =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, DeviceActivity> eldest) {
            if (size() <= DeviceTracker.this.maxDevices) {
              return false;
            }
            view.remove(eldest.getKey());
            forgotten.incrementAndGet();
            return true;
          }
        };
  }

  /** A reading of the batch being processed was dropped by dedupe. Pipeline thread. */
  public void dropped() {
    pendingDuplicates++;
  }

  /**
   * The pipeline processed a batch of the device. Pipeline thread.
   *
   * @param readings readings in the batch (valid ones), including those dropped by dedupe
   * @param watermarkMs the device's watermark after the batch
   * @param nowMs gateway clock
   */
  public void batchProcessed(String deviceId, int readings, OptionalLong watermarkMs, long nowMs) {
    long duplicates = pendingDuplicates;
    pendingDuplicates = 0;
    DeviceActivity previous = byRecency.get(deviceId);
    DeviceActivity next =
        new DeviceActivity(
            deviceId,
            nowMs,
            watermarkMs.isPresent() ? watermarkMs.getAsLong() : null,
            (previous == null ? 0 : previous.readingsAccepted()) + readings - duplicates,
            (previous == null ? 0 : previous.duplicates()) + duplicates,
            0);
    view.put(deviceId, next);
    byRecency.put(deviceId, next);
  }

  /** A batch failed in the pipeline: forget what was counted of it. Pipeline thread. */
  public void batchFailed() {
    pendingDuplicates = 0;
  }

  /** Counts dead letters of a device (its topic's id, else client id). Any thread. */
  public void deadLetters(String deviceId, long count) {
    LongAdder counter = deadLetters.get(deviceId);
    if (counter == null) {
      if (deadLetters.size() >= maxDevices) {
        untrackedDeadLetters.add(count);
        return;
      }
      counter = deadLetters.computeIfAbsent(deviceId, d -> new LongAdder());
    }
    counter.add(count);
  }

  /** One device, if known. */
  public Optional<DeviceActivity> get(String deviceId) {
    DeviceActivity activity = view.get(deviceId);
    LongAdder rejected = deadLetters.get(deviceId);
    if (activity == null && rejected == null) {
      return Optional.empty();
    }
    return Optional.of(withDeadLetters(deviceId, activity, rejected));
  }

  /** All known devices, by device id. */
  public List<DeviceActivity> list() {
    List<DeviceActivity> out = new ArrayList<>(view.size() + 16);
    Set<String> listed = new HashSet<>();
    view.forEach(
        (id, activity) -> {
          listed.add(id);
          out.add(withDeadLetters(id, activity, deadLetters.get(id)));
        });
    deadLetters.forEach(
        (id, rejected) -> {
          if (!listed.contains(id)) {
            out.add(withDeadLetters(id, null, rejected));
          }
        });
    out.sort(Comparator.comparing(DeviceActivity::deviceId));
    return out;
  }

  /** Devices forgotten to stay within the bound. */
  public long forgotten() {
    return forgotten.get();
  }

  /** Dead letters not counted per device because the bound was reached. */
  public long untrackedDeadLetters() {
    return untrackedDeadLetters.sum();
  }

  private static DeviceActivity withDeadLetters(
      String deviceId, DeviceActivity activity, LongAdder rejected) {
    long dead = rejected == null ? 0 : rejected.sum();
    if (activity == null) {
      return new DeviceActivity(deviceId, null, null, 0, 0, dead);
    }
    return new DeviceActivity(
        deviceId,
        activity.lastSeenMs(),
        activity.watermarkMs(),
        activity.readingsAccepted(),
        activity.duplicates(),
        dead);
  }
}
