package io.tern.bench.ingest;

import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.bridge.BridgeStats;
import io.tern.bridge.sink.DeliveryGuarantee;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The cloud bridge beside the benchmarked gateway, in the same JVM: tails its output log into the
 * run's in-process Kafka broker, on topics of its own ({@code bench.<id>.rollups}, {@code .alerts},
 * {@code .offsets}). Counts what it delivered in the measured interval and how long it took to
 * reach lag 0 after the load.
 *
 * <p>Threading: the benchmark's control thread; the bridge delivers on its own thread.
 */
final class BenchBridge implements AutoCloseable {

  private final Bridge bridge;
  private final DeliveryGuarantee delivery;
  private long deliveredAtStart;
  private long startNanos;
  private long deliveredInMeasure;
  private double measuredSeconds;
  private long lagAtMeasureEnd;
  private Duration drainedIn;
  private long lagAfterDrain = -1;

  private BenchBridge(Bridge bridge, DeliveryGuarantee delivery) {
    this.bridge = bridge;
    this.delivery = delivery;
  }

  static BenchBridge start(
      Path outputLogDir, String bootstrapServers, DeliveryGuarantee delivery, String id) {
    String prefix = "bench." + id;
    BridgeConfig config =
        new BridgeConfig(
                outputLogDir,
                bootstrapServers,
                prefix + ".rollups",
                prefix + ".alerts",
                3,
                (short) 1)
            .withDelivery(delivery, "bench-" + id, prefix + ".offsets");
    return new BenchBridge(Bridge.start(config), delivery);
  }

  /** "transactional" (exactly-once) or "idempotent only" (at-least-once). */
  String mode() {
    return delivery == DeliveryGuarantee.EXACTLY_ONCE ? "transactional" : "idempotent only";
  }

  void measureStarted() {
    deliveredAtStart = delivered(bridge.stats());
    startNanos = System.nanoTime();
  }

  void measureEnded() {
    BridgeStats stats = bridge.stats();
    deliveredInMeasure = delivered(stats) - deliveredAtStart;
    measuredSeconds = (System.nanoTime() - startNanos) / 1e9;
    lagAtMeasureEnd = stats.lag();
  }

  /**
   * Waits until the bridge has delivered everything in the log (lag 0), at most {@code timeout}.
   */
  void drain(Duration timeout) {
    long start = System.nanoTime();
    long end = start + timeout.toNanos();
    while (true) {
      BridgeStats stats = bridge.stats();
      if (stats.lag() == 0 && stats.kafkaUp()) {
        drainedIn = Duration.ofNanos(System.nanoTime() - start);
        lagAfterDrain = 0;
        return;
      }
      if (System.nanoTime() >= end || !bridge.running()) {
        lagAfterDrain = stats.lag();
        return;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("benchmark interrupted", e);
      }
    }
  }

  /** E.g. {@code bridge (transactional): 412 records/s delivered in the measured interval, ...}. */
  String notes() {
    BridgeStats stats = bridge.stats();
    String drained =
        drainedIn != null
            ? "drained to lag 0 in %.2f s once the gateway had processed the load"
                .formatted(drainedIn.toMillis() / 1000.0)
            : "NOT drained: final lag %,d%s"
                .formatted(
                    lagAfterDrain, bridge.failure().map(f -> " (failed: " + f + ")").orElse(""));
    return ("bridge (%s) to in-process Kafka: %,.0f records/s delivered in the measured interval,"
            + " lag %,d at its end, %s; %,d rollups + %,d alerts delivered in all")
        .formatted(
            mode(),
            measuredSeconds > 0 ? deliveredInMeasure / measuredSeconds : 0.0,
            lagAtMeasureEnd,
            drained,
            stats.rollupsDelivered(),
            stats.alertsDelivered());
  }

  private static long delivered(BridgeStats stats) {
    return stats.rollupsDelivered() + stats.alertsDelivered();
  }

  @Override
  public void close() {
    bridge.close();
  }
}
