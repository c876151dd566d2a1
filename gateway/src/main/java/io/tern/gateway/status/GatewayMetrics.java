package io.tern.gateway.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tern.gateway.device.DeviceTracker;
import io.tern.gateway.validation.RejectionReason;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's counters, as Micrometer meters ({@code tern.gateway.*}) and as a {@link
 * GatewayStats} snapshot. Thread-safe: HiveMQ threads count rejections, the pipeline thread counts
 * the rest, HTTP threads read.
 */
@Singleton
public final class GatewayMetrics {
  private final AtomicLong devices = new AtomicLong();
  private final AtomicLong openWindows = new AtomicLong();
  private final MeterRegistry registry;
  private final DeviceTracker deviceTracker;
  private final Counter batches;
  private final Counter readings;
  private final Counter decodeErrors;
  private final Counter lateReadings;
  private final Counter reportedLost;
  private final Counter pipelineErrors;
  private final Counter rollups;
  private final Counter alertsRaised;
  private final Counter alertsCleared;
  private final Counter duplicates;
  private final Counter beyondDedupeWindow;
  private final Counter dedupeStreamsEvicted;
  private final Counter lateDropped;
  private final Counter rollupRevisions;
  private final ActiveAlerts activeAlerts;
  private final Map<RejectionReason, Counter> deadLetters = new EnumMap<>(RejectionReason.class);

  /** With a device tracker of its own (tests). */
  public GatewayMetrics(MeterRegistry registry, ActiveAlerts activeAlerts) {
    this(registry, activeAlerts, new DeviceTracker());
  }

  @Inject
  public GatewayMetrics(
      MeterRegistry registry, ActiveAlerts activeAlerts, DeviceTracker deviceTracker) {
    this.registry = registry;
    this.activeAlerts = activeAlerts;
    this.deviceTracker = deviceTracker;
    Gauge.builder("tern.gateway.windows.open", openWindows, AtomicLong::get)
        .description("rollup windows not yet emitted (per device, metric and window size)")
        .register(registry);
    FunctionCounter.builder("tern.gateway.devices.forgotten", deviceTracker, t -> t.forgotten())
        .description("devices dropped from the /api/devices view to stay within its bound")
        .register(registry);
    Gauge.builder("tern.gateway.devices", devices, AtomicLong::get)
        .description("devices that sent valid telemetry")
        .register(registry);
    Gauge.builder("tern.gateway.alerts.active", activeAlerts, ActiveAlerts::size)
        .description("alerts raised and not yet cleared")
        .register(registry);
    batches = counter(registry, "tern.gateway.batches", "telemetry batches processed");
    readings = counter(registry, "tern.gateway.readings", "readings processed");
    decodeErrors = counter(registry, "tern.gateway.decode.errors", "telemetry rejected as invalid");
    lateReadings =
        counter(registry, "tern.gateway.late.readings", "readings after their window was emitted");
    reportedLost =
        counter(
            registry,
            "tern.gateway.readings.reported_lost",
            "readings the agents report they dropped unsent (disk budget, disk error), each once");
    pipelineErrors =
        counter(registry, "tern.gateway.pipeline.errors", "batches the pipeline failed on");
    rollups = counter(registry, "tern.gateway.rollups", "rollup windows emitted");
    alertsRaised = counter(registry, "tern.gateway.alerts.raised", "alerts raised");
    alertsCleared = counter(registry, "tern.gateway.alerts.cleared", "alerts cleared");
    duplicates = counter(registry, "tern.gateway.duplicates", "readings dropped as duplicates");
    beyondDedupeWindow =
        counter(
            registry,
            "tern.gateway.dedupe.beyond_window",
            "readings dropped: seq in a merged hole of the stream's seq ranges, so duplicate or not is unknown");
    dedupeStreamsEvicted =
        counter(
            registry,
            "tern.gateway.dedupe.streams_evicted",
            "streams forgotten by dedupe to make room for a newer one of the same device");
    lateDropped =
        counter(
            registry,
            "tern.gateway.late.dropped",
            "late readings missing from a window size: window beyond the retention");
    rollupRevisions =
        counter(registry, "tern.gateway.rollup.revisions", "corrected rollups (revision > 0)");
    for (RejectionReason reason : RejectionReason.values()) {
      deadLetters.put(
          reason,
          Counter.builder("tern.gateway.dead_letters")
              .description("rejected telemetry (whole messages or single readings), by reason")
              .tag("reason", reason.name())
              .register(registry));
    }
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  public void devicesSeen(long count) {
    devices.set(count);
  }

  public void batchProcessed(int readingCount) {
    batches.increment();
    readings.increment(readingCount);
  }

  public void decodeError() {
    decodeErrors.increment();
  }

  /** Counts rejected messages or readings ({@code tern.gateway.dead_letters{reason}}). */
  public void deadLetters(RejectionReason reason, long count) {
    deadLetters.get(reason).increment(count);
  }

  /**
   * Counts rejected messages or readings of a device: per reason in {@code
   * tern.gateway.dead_letters{reason}}, and per device for {@code /api/devices}.
   */
  public void deadLetters(String deviceId, RejectionReason reason, long count) {
    deadLetters(reason, count);
    deviceTracker.deadLetters(deviceId, count);
  }

  /** Sets the open-window gauge. Pipeline thread. */
  public void openWindows(long count) {
    openWindows.lazySet(count);
  }

  /** Rejections counted so far for one reason. */
  public long deadLetters(RejectionReason reason) {
    return (long) deadLetters.get(reason).count();
  }

  public void lateReading() {
    lateReadings.increment();
  }

  /** An agent reported {@code readings} seqs dropped unsent, not reported before. */
  public void reportedLost(long readings) {
    reportedLost.increment(readings);
  }

  public void duplicate() {
    duplicates.increment();
  }

  public void beyondDedupeWindow() {
    beyondDedupeWindow.increment();
  }

  public void dedupeStreamEvicted() {
    dedupeStreamsEvicted.increment();
  }

  public void lateDropped() {
    lateDropped.increment();
  }

  public void rollupRevision() {
    rollupRevisions.increment();
  }

  public void pipelineError() {
    pipelineErrors.increment();
  }

  public void rollupEmitted() {
    rollups.increment();
  }

  public void alertRaised() {
    alertsRaised.increment();
  }

  public void alertCleared() {
    alertsCleared.increment();
  }

  public GatewayStats snapshot() {
    return new GatewayStats(
        devices.get(),
        (long) batches.count(),
        (long) readings.count(),
        (long) decodeErrors.count(),
        (long) rollups.count(),
        (long) alertsRaised.count(),
        activeAlerts.size(),
        (long) (duplicates.count() + beyondDedupeWindow.count()),
        deadLetters.values().stream().mapToLong(c -> (long) c.count()).sum(),
        (long) lateReadings.count());
  }
}
