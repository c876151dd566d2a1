package io.tern.bridge;

import io.tern.bridge.cli.BridgeMain;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link BridgeMain} as a separate OS process on the test classpath, with the Chronicle JVM
 * flags (system property {@value #FLAGS_PROPERTY}, set by Failsafe from the parent POM's {@code
 * chronicle.jvm.args}; else the flags of this JVM). Output goes to {@code logFile}. Used by the
 * test thread only.
 */
final class BridgeProcess implements AutoCloseable {

  static final String FLAGS_PROPERTY = "tern.chronicle.jvm.args";

  private final Process process;
  private final Path logFile;

  private BridgeProcess(Process process, Path logFile) {
    this.process = process;
    this.logFile = logFile;
  }

  static BridgeProcess start(Path logFile, String... bridgeArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(chronicleFlags());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(BridgeMain.class.getName());
    command.addAll(Arrays.asList(bridgeArgs));
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    return new BridgeProcess(process, logFile);
  }

  /** Waits up to {@code millis}; true if the process ended by itself meanwhile. */
  boolean exitedWithin(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  long pid() {
    return process.pid();
  }

  /** The exit status; only after the process ended. */
  int exitValue() {
    return process.exitValue();
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is flushed or closed. */
  void killHard() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM: the bridge's shutdown hook closes it cleanly. */
  int stop() throws InterruptedException {
    process.destroy();
    return process.waitFor();
  }

  Path logFile() {
    return logFile;
  }

  /** Whether the process has written {@code text} to its log so far. */
  boolean logged(String text) throws IOException {
    return Files.exists(logFile) && Files.readString(logFile).contains(text);
  }

  /** How often the process has written {@code text} to its log so far. */
  int timesLogged(String text) throws IOException {
    if (!Files.exists(logFile)) {
      return 0;
    }
    String log = Files.readString(logFile);
    int count = 0;
    for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + text.length())) {
      count++;
    }
    return count;
  }

  /** Kills the process if it still runs (a test that failed half-way must not leak it). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static List<String> chronicleFlags() {
    String configured = System.getProperty(FLAGS_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Arrays.asList(configured.trim().split("\\s+"));
    }
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle"))
        .toList();
  }
}
