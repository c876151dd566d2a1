package io.tern.sim.fleet;

import io.tern.sim.fault.FaultDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code process} device: a real agent process ({@code io.tern.agent.cli.AgentMain}, this JVM's
 * java and class path) replaying the CSV file the simulator wrote for it at start, paced at the
 * device's rate, and exiting once the gateway acknowledged every reading ({@code
 * --exit-when-drained}). It can be killed with {@code kill -9} (SIGKILL) and started again on the
 * same data directory: the replay resumes after the readings already in its outbox. Its output goes
 * to {@code <data-dir>/<device>.log}.
 *
 * <p>The readings it produces are known in advance (the file); they count as acknowledged when the
 * process exits 0. Threads: started by the fleet builder, killed and restarted by the {@code
 * sim-faults} thread; counters from any thread.
 */
final class ProcessDevice implements SimDevice, FaultDriver.KillTarget {

  private static final Logger log = LoggerFactory.getLogger(ProcessDevice.class);
  private static final String MAIN = "io.tern.agent.cli.AgentMain";

  private final String deviceId;
  private final String brokerUri;
  private final Path dataDir;
  private final Path csv;
  private final long readings;
  private final long anomalies;
  private final double ratePerSecond;
  private final Path logFile;
  private Process process;
  private boolean failureLogged;

  /**
   * @param dataDir the parent of the agent's data directory
   * @param readings how many readings the file holds
   * @param ratePerSecond replay pace, readings per second
   */
  ProcessDevice(
      String deviceId,
      String brokerUri,
      Path dataDir,
      Path csv,
      long readings,
      long anomalies,
      double ratePerSecond) {
    this.deviceId = deviceId;
    this.brokerUri = brokerUri;
    this.dataDir = dataDir;
    this.csv = csv;
    this.readings = readings;
    this.anomalies = anomalies;
    this.ratePerSecond = ratePerSecond;
    this.logFile = dataDir.resolve(deviceId + ".log");
  }

  /** Starts (or starts again) the agent process. */
  synchronized void start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The Chronicle flags this JVM was started with (the launcher's, or Failsafe's argLine).
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.") || arg.startsWith("--sun-")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            MAIN,
            "--device-id",
            deviceId,
            "--broker",
            brokerUri,
            "--data-dir",
            dataDir.resolve(deviceId).toString(),
            "--source",
            "csv",
            "--csv",
            csv.toString(),
            "--rate",
            String.format(Locale.ROOT, "%.3f", ratePerSecond),
            "--exit-when-drained"));
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the agent process of " + deviceId, e);
    }
    log.info("Started the agent process of {} (pid {}), log {}", deviceId, process.pid(), logFile);
  }

  @Override
  public synchronized boolean kill9() {
    if (process == null || !process.isAlive()) {
      return false;
    }
    process.destroyForcibly(); // SIGKILL on Linux and macOS
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        log.warn("The agent process of {} did not die within 10 s of SIGKILL", deviceId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  @Override
  public void restart() {
    start();
  }

  @Override
  public void tick(long nowMs, long elapsedMs) {
    // The process replays its file at its own pace.
  }

  @Override
  public long readings() {
    return readings;
  }

  /** All of them once the process exited 0 (everything acknowledged), else 0. */
  @Override
  public synchronized long readingsAcked() {
    if (process == null || process.isAlive()) {
      return 0;
    }
    int exit = process.exitValue();
    if (exit != 0 && exit != 137 && !failureLogged) {
      failureLogged = true;
      log.error("The agent process of {} exited {}; see {}", deviceId, exit, logFile);
    }
    return exit == 0 ? readings : 0;
  }

  @Override
  public long anomalies() {
    return anomalies;
  }

  @Override
  public synchronized boolean connected() {
    return process != null && process.isAlive();
  }

  /** Stops a still running process gently (it keeps its outbox for the next run). */
  @Override
  public synchronized void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
