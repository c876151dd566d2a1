package io.tern.gateway.output;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.tern.gateway.config.GatewayConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the output log within its budget, tied to delivery: every {@value #CHECK_SECONDS} s it
 * reads the consumers' advisory positions ({@code <output-log>/consumers/*.position}), deletes the
 * cycles all of them delivered and, over budget, the oldest cycles even if undelivered (counted in
 * {@code tern_gateway_output_log_evicted_undelivered_total}, logged as a WARN with the index range,
 * and shown in {@code /api/status}). Also publishes each consumer's lag ({@code
 * tern_gateway_output_log_consumer_lag{consumer}}) and the log's bytes.
 *
 * <p>In the gateway it starts checking when the HTTP server has started (the last step of {@code
 * Gateway.start}). Threading: {@link #check} runs on the named thread {@value #THREAD_NAME} (or the
 * caller's, in tests); {@link #status} may be called from any thread.
 */
@Singleton
public final class OutputLogRetention
    implements ApplicationEventListener<ServerStartupEvent>, AutoCloseable {

  static final String THREAD_NAME = "tern-output-retention";
  static final long CHECK_SECONDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(OutputLogRetention.class);

  private final OutputLog log;
  private final RetentionBudget budget;
  private final InstantSource clock;
  private final MeterRegistry registry;
  private final EvictionLedger ledger;
  private final Counter evictedUndelivered;
  private final AtomicLong bytes = new AtomicLong();
  private final Map<String, AtomicLong> consumerLag = new ConcurrentHashMap<>();
  private final Map<String, Gauge> lagGauges = new ConcurrentHashMap<>();
  private volatile int cycles;
  private ScheduledExecutorService scheduler;

  @Inject
  OutputLogRetention(OutputLog log, GatewayConfig config, MeterRegistry registry) {
    this(
        log,
        new RetentionBudget(config.outputLogMaxBytes(), config.outputLogMaxAge()),
        registry,
        InstantSource.system());
  }

  /** Starts the periodic check on its own thread (once). */
  @Override
  public synchronized void onApplicationEvent(ServerStartupEvent event) {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, THREAD_NAME);
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(this::checkSafely, 0, CHECK_SECONDS, TimeUnit.SECONDS);
  }

  /** Without a schedule of its own: the caller runs {@link #check} (tests, benchmarks). */
  public OutputLogRetention(
      OutputLog log, RetentionBudget budget, MeterRegistry registry, InstantSource clock) {
    this.log = log;
    this.budget = budget;
    this.clock = clock;
    this.registry = registry;
    this.ledger = new EvictionLedger(log.dir());
    this.evictedUndelivered =
        Counter.builder("tern.gateway.output_log.evicted_undelivered")
            .description("output-log entries deleted over budget before every consumer delivered")
            .register(registry);
    Gauge.builder("tern.gateway.output_log.bytes", bytes, AtomicLong::get)
        .description("bytes written to the output log's cycles on disk")
        .register(registry);
  }

  /** Applies the retention rule once; returns what it deleted. */
  public RetentionDecision check() throws IOException {
    Map<String, Long> positions = ConsumerPositions.read(log.dir());
    List<LogCycle> before = log.cycles();
    RetentionDecision decision =
        RetentionPlan.decide(before, positions.values(), budget, clock.millis());
    if (decision.undelivered() > 0) {
      LOG.warn(
          "Output log over budget ({} bytes, {}): deleting {} entries not yet delivered{},"
              + " indexes {}..{} (hex {}..{})",
          budget.maxBytes(),
          budget.maxAge(),
          decision.undelivered(),
          positions.isEmpty() ? " (no consumer registered)" : " to every consumer",
          decision.firstUndelivered(),
          decision.lastUndelivered(),
          Long.toHexString(decision.firstUndelivered()),
          Long.toHexString(decision.lastUndelivered()));
    }
    for (LogCycle cycle : decision.delete()) {
      ledger.recordDeleted(cycle);
      log.delete(cycle);
    }
    evictedUndelivered.increment(decision.undelivered());
    if (!decision.delete().isEmpty()) {
      LOG.info(
          "Deleted {} output-log cycles ({} entries, {} of them undelivered)",
          decision.delete().size(),
          decision.delete().stream().mapToLong(LogCycle::entries).sum(),
          decision.undelivered());
    }
    List<LogCycle> kept = before.subList(decision.delete().size(), before.size());
    bytes.set(kept.stream().mapToLong(LogCycle::bytes).sum());
    cycles = kept.size();
    updateLag(positions, kept);
    return decision;
  }

  private void updateLag(Map<String, Long> positions, List<LogCycle> kept) {
    positions.forEach(
        (name, position) ->
            consumerLag
                .computeIfAbsent(name, this::registerLag)
                .set(RetentionPlan.entriesAfter(kept, position)));
    for (String gone : List.copyOf(consumerLag.keySet())) {
      if (!positions.containsKey(gone)) {
        consumerLag.remove(gone);
        registry.remove(lagGauges.remove(gone));
      }
    }
  }

  private AtomicLong registerLag(String consumer) {
    AtomicLong lag = new AtomicLong();
    lagGauges.put(
        consumer,
        Gauge.builder("tern.gateway.output_log.consumer_lag", lag, AtomicLong::get)
            .description("output-log entries after the consumer's published position")
            .tag("consumer", consumer)
            .register(registry));
    return lag;
  }

  private void checkSafely() {
    if (log.isClosed()) {
      return;
    }
    try {
      check();
    } catch (IOException e) {
      LOG.warn("Output-log retention check failed, retrying in {} s", CHECK_SECONDS, e);
    } catch (RuntimeException e) {
      if (log.isClosed()) {
        LOG.debug("Output log closed during the retention check", e);
      } else {
        LOG.error("Output-log retention check failed, retrying in {} s", CHECK_SECONDS, e);
      }
    }
  }

  /** Size, evictions and consumer lag as last measured. Any thread. */
  public OutputLogStatus status() {
    Map<String, Long> lag = new TreeMap<>();
    consumerLag.forEach((name, value) -> lag.put(name, value.get()));
    return new OutputLogStatus(bytes.get(), cycles, (long) evictedUndelivered.count(), lag);
  }

  /** The budget in force. */
  public RetentionBudget budget() {
    return budget;
  }

  @Override
  @PreDestroy
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdown(); // no interrupt: Chronicle files must not see one
      try {
        if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.warn("Output-log retention thread still busy after 5 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
