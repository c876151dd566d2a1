package io.tern.sim.fleet;

import io.tern.sim.fault.FaultDriver;
import io.tern.sim.fault.FaultProxy;
import io.tern.sim.fault.FaultStats;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs beside a scenario fleet's clock: the fault driver and proxy (when the scenario has
 * faults), the {@code sim-direct} thread that connects the Paho direct devices and publishes their
 * batches every {@value #PUMP_MS} ms, and the {@link SharedLinks} of a scenario with a {@code load}
 * block. Closed by the fleet, after its devices.
 */
final class FleetRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetRuntime.class);
  private static final long PUMP_MS = 20;

  static final FleetRuntime NONE = new FleetRuntime(null, null, List.of(), null);

  private final FaultDriver driver;
  private final FaultProxy proxy;
  private final ScheduledExecutorService pump;
  private final SharedLinks links;

  /**
   * @param driver null without timed faults
   * @param proxy null when no fault cuts links
   * @param direct the direct devices to pump (Paho ones)
   * @param links null without a {@code load} block
   */
  FleetRuntime(FaultDriver driver, FaultProxy proxy, List<DirectDevice> direct, SharedLinks links) {
    this.driver = driver;
    this.proxy = proxy;
    this.links = links;
    if (direct.isEmpty()) {
      this.pump = null;
    } else {
      this.pump =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sim-direct");
                t.setDaemon(true);
                return t;
              });
      pump.scheduleWithFixedDelay(
          () -> {
            for (DirectDevice device : direct) {
              try {
                device.pump();
              } catch (RuntimeException e) {
                log.error("Direct device publish failed", e);
              }
            }
          },
          0,
          PUMP_MS,
          TimeUnit.MILLISECONDS);
    }
  }

  boolean hasFaults() {
    return driver != null;
  }

  FaultStats stats() {
    return driver == null ? FaultStats.NONE : driver.stats();
  }

  /** The load measurements so far (see {@link SharedLinks#report}); empty without load block. */
  Optional<LoadReport> loadReport(boolean allConnected) {
    return links == null ? Optional.empty() : Optional.of(links.report(allConnected));
  }

  /** Stops carrying out faults and restores every link. */
  void closeDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  @Override
  public void close() {
    if (pump != null) {
      pump.shutdownNow();
    }
    if (links != null) {
      links.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }
}
