package io.tern.sim.fault;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link FaultPlan}'s timed faults on its own thread ({@code sim-faults}, every
 * {@value #STEP_MS} ms): cuts and restores the proxy's links, kills agent processes with {@code
 * kill -9} and starts them again. {@link #stats} and {@link #close} from any thread.
 */
public final class FaultDriver implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaultDriver.class);
  private static final long STEP_MS = 50;

  /** A device whose agent process can be killed and started again. */
  public interface KillTarget {
    /** Kills the process with SIGKILL if it runs; false if it had already exited. */
    boolean kill9();

    void restart();
  }

  private final FaultPlan plan;
  private final FaultProxy proxy;
  private final Map<String, KillTarget> targets;
  private final InstantSource clock;
  private final long startMs;
  private final List<FaultPlan.KillAt> kills;
  private final boolean[] killed;
  private final boolean[] restarted;
  private final AtomicLong killCount = new AtomicLong();
  private final AtomicLong restartCount = new AtomicLong();
  private final ScheduledExecutorService thread;

  /**
   * @param proxy the links' proxy, or null when the plan cuts no links
   * @param targets the devices that can be killed, by id
   */
  public FaultDriver(
      FaultPlan plan,
      FaultProxy proxy,
      Map<String, KillTarget> targets,
      InstantSource clock,
      long startMs) {
    this.plan = plan;
    this.proxy = proxy;
    this.targets = Map.copyOf(targets);
    this.clock = clock;
    this.startMs = startMs;
    this.kills = plan.kills();
    this.killed = new boolean[kills.size()];
    this.restarted = new boolean[kills.size()];
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sim-faults");
              t.setDaemon(true);
              return t;
            });
    thread.scheduleWithFixedDelay(this::step, 0, STEP_MS, TimeUnit.MILLISECONDS);
  }

  private void step() {
    long elapsed = clock.millis() - startMs;
    try {
      if (proxy != null) {
        for (String link : plan.links()) {
          if (plan.linkDown(link, elapsed)) {
            proxy.cut(link);
          } else {
            proxy.restore(link);
          }
        }
      }
      for (int i = 0; i < kills.size(); i++) {
        FaultPlan.KillAt kill = kills.get(i);
        KillTarget target = targets.get(kill.deviceId());
        if (!killed[i] && elapsed >= kill.atMs()) {
          killed[i] = true;
          if (target.kill9()) {
            killCount.incrementAndGet();
            log.info("Fault: killed the agent of {} (kill -9)", kill.deviceId());
          } else {
            restarted[i] = true; // it had finished: nothing to restart
            log.warn("Fault: the agent of {} had already exited; not killed", kill.deviceId());
          }
        }
        if (killed[i] && !restarted[i] && elapsed >= kill.restartAtMs()) {
          restarted[i] = true;
          target.restart();
          restartCount.incrementAndGet();
          log.info("Fault: restarted the agent of {}", kill.deviceId());
        }
      }
    } catch (RuntimeException e) {
      // The next step retries; a fault that cannot be carried out shows in the stats.
      log.error("Fault step at {} ms failed", elapsed, e);
    }
  }

  /** Link cuts and refusals (from the proxy), kills and restarts. */
  public FaultStats stats() {
    return new FaultStats(
        proxy == null ? 0 : proxy.cuts(),
        proxy == null ? 0 : proxy.refused(),
        0,
        0,
        killCount.get(),
        restartCount.get(),
        0,
        0);
  }

  /**
   * Stops carrying out faults; every link is restored (the proxy itself is closed by its owner).
   */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Fault driver did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (proxy != null) {
      plan.links().forEach(proxy::restore);
    }
  }
}
