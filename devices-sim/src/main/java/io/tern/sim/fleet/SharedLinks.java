package io.tern.sim.fleet;

import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import io.tern.sim.scenario.LoadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the direct devices of a scenario with a {@code load} block share: one Netty event loop
 * ({@value #IO_THREADS} threads {@code sim-load-io-N}) under all their MQTT sessions (HiveMQ MQTT
 * client), the {@code sim-load-connect} thread that opens connections at most {@link
 * LoadSettings#connectRate()} per second and runs delayed retries, and the PUBACK latency of every
 * batch (HdrHistogram). PUBACKs are handled on the MQTT client's callback threads.
 *
 * <p>Threads: {@link #requestConnect}, {@link #later} and {@link #acked} from any thread; {@link
 * #report} from any thread (each call ends an interval: the progress line's); {@link #close} once,
 * by the fleet.
 */
final class SharedLinks implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SharedLinks.class);
  private static final int IO_THREADS = 2;
  private static final long GATE_TICK_MS = 10;
  private static final long HIGHEST_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final LoadSettings settings;
  private final ExecutorService io;
  private final MqttClientExecutorConfig executorConfig;
  private final ScheduledExecutorService scheduler;
  private final Queue<Runnable> pendingConnects = new ConcurrentLinkedQueue<>();
  private final List<CompletableFuture<?>> disconnects = new ArrayList<>();
  private final Recorder latency = new Recorder(HIGHEST_LATENCY_NANOS, 3);
  private final Histogram wholeLatency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
  private final Histogram steadyLatency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
  private final LongAdder readingsAcked = new LongAdder();
  private final LongAdder refusals = new LongAdder();
  private final long startNanos;
  private double connectBudget;
  private long lastReportNanos;
  private long lastReportReadings;
  private boolean lastAllConnected;
  private long steadyNanos;
  private long steadyReadings;

  SharedLinks(LoadSettings settings) {
    this.settings = settings;
    this.io = Executors.newFixedThreadPool(IO_THREADS, named("sim-load-io-"));
    this.executorConfig =
        MqttClientExecutorConfig.builder().nettyExecutor(io).nettyThreads(IO_THREADS).build();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(named("sim-load-connect"));
    this.startNanos = System.nanoTime();
    this.lastReportNanos = startNanos;
    scheduler.scheduleAtFixedRate(this::openConnections, 0, GATE_TICK_MS, TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }

  LoadSettings settings() {
    return settings;
  }

  MqttClientExecutorConfig executorConfig() {
    return executorConfig;
  }

  /** Runs {@code connect} on the connect thread once the rate allows (in request order). */
  void requestConnect(Runnable connect) {
    pendingConnects.add(connect);
  }

  /** Runs {@code task} on the connect thread after {@code delayMs}; dropped once closed. */
  void later(Runnable task, long delayMs) {
    try {
      scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      log.debug("Load links closed: a retry is not scheduled");
    }
  }

  private void openConnections() {
    double perTick = settings.connectRate() * GATE_TICK_MS / 1000.0;
    connectBudget = Math.min(connectBudget + perTick, Math.max(1, perTick));
    Runnable next;
    while (connectBudget >= 1 && (next = pendingConnects.poll()) != null) {
      connectBudget--;
      try {
        next.run();
      } catch (RuntimeException e) {
        log.error("Opening a simulated device's MQTT connection failed", e);
      }
    }
  }

  /** One batch acknowledged {@code latencyNanos} after it was published. */
  void acked(int readings, long latencyNanos, boolean duplicate) {
    latency.recordValue(Math.max(0, Math.min(latencyNanos, HIGHEST_LATENCY_NANOS)));
    if (!duplicate) {
      readingsAcked.add(readings);
    }
  }

  /** A batch refused by the gateway (PUBACK with an error reason code); it is sent again. */
  void refused() {
    refusals.increment();
  }

  /**
   * Latency and acknowledged readings since the previous report, since the start, and over the
   * steady state: the intervals between two reports that both saw every device connected ({@code
   * allConnected}), i.e. without the connection ramp and reconnections.
   */
  synchronized LoadReport report(boolean allConnected) {
    long now = System.nanoTime();
    Histogram interval = latency.getIntervalHistogram();
    wholeLatency.add(interval);
    long readings = readingsAcked.sum();
    long intervalReadings = readings - lastReportReadings;
    if (lastAllConnected && allConnected) {
      steadyLatency.add(interval);
      steadyNanos += now - lastReportNanos;
      steadyReadings += intervalReadings;
    }
    LoadReport report =
        new LoadReport(
            new LoadReport.Part(
                LoadReport.Latency.of(interval),
                perSecond(intervalReadings, now - lastReportNanos)),
            new LoadReport.Part(
                LoadReport.Latency.of(wholeLatency), perSecond(readings, now - startNanos)),
            new LoadReport.Part(
                LoadReport.Latency.of(steadyLatency), perSecond(steadyReadings, steadyNanos)),
            readings,
            refusals.sum());
    lastReportNanos = now;
    lastReportReadings = readings;
    lastAllConnected = allConnected;
    return report;
  }

  private static double perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : count * 1e9 / nanos;
  }

  /** A device's disconnect under way; {@link #close} waits for it. */
  synchronized void disconnecting(CompletableFuture<?> disconnect) {
    disconnects.add(disconnect);
  }

  /** Waits up to 30 s for the devices' disconnects, then stops the shared threads. */
  @Override
  public void close() {
    CompletableFuture<?>[] all;
    synchronized (this) {
      all = disconnects.toArray(CompletableFuture[]::new);
    }
    try {
      CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Not every load-mode device disconnected cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    io.shutdown();
  }
}
