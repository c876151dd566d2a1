package io.tern.launcher.crash;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.gateway.cli.GatewayMain;
import io.tern.launcher.TernMain;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a real OS process ({@link GatewayMain} on this JVM's test classpath, with the
 * Chronicle JVM flags of this JVM), its stdout and stderr in {@code logFile}. Killed with a real
 * {@code kill -9}, or stopped with SIGTERM. Used by the test thread only.
 */
public final class GatewayProcess implements AutoCloseable {

  private static final Duration START_PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path logFile;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private GatewayProcess(Process process, Path logFile, int httpPort) {
    this.process = process;
    this.logFile = logFile;
    this.httpPort = httpPort;
  }

  /**
   * Starts the gateway and waits until it says it is running (MQTT and HTTP listen).
   *
   * @param systemProperties {@code -D} settings, e.g. {@code tern.gateway.rollup-idle-timeout=2s}
   * @throws IllegalStateException with the log's tail if it ends or does not get ready in time
   */
  public static GatewayProcess start(
      Path logFile, int mqttPort, int httpPort, List<String> systemProperties, String... args)
      throws IOException {
    return start(
        List.of(GatewayMain.class.getName()), logFile, mqttPort, httpPort, systemProperties, args);
  }

  /**
   * The same through the launcher's {@code tern gateway}, which also takes the cloud bridge's sink
   * options and then runs the bridge in the gateway's process.
   */
  public static GatewayProcess startThroughTern(
      Path logFile, int mqttPort, int httpPort, List<String> systemProperties, String... args)
      throws IOException {
    return start(
        List.of(TernMain.class.getName(), "gateway"),
        logFile,
        mqttPort,
        httpPort,
        systemProperties,
        args);
  }

  private static GatewayProcess start(
      List<String> mainAndCommand,
      Path logFile,
      int mqttPort,
      int httpPort,
      List<String> systemProperties,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(chronicleFlags());
    command.add("-Xmx384m");
    // HiveMQ CE's jar carries a logback.xml: select the launcher's config by name, as ./tern does.
    command.add("-Dlogback.configurationFile=tern-logback.xml");
    command.add("-Dtern.log.dir=" + logFile.toAbsolutePath().getParent().resolve("gateway-files"));
    systemProperties.forEach(p -> command.add("-D" + p));
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.addAll(mainAndCommand);
    command.add("--mqtt-port");
    command.add(Integer.toString(mqttPort));
    command.add("--http-port");
    command.add(Integer.toString(httpPort));
    command.addAll(Arrays.asList(args));
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    GatewayProcess gateway = new GatewayProcess(process, logFile, httpPort);
    try {
      await()
          .atMost(START_PATIENCE)
          .pollInterval(Duration.ofMillis(100))
          .until(gateway::runningOrFail);
    } catch (RuntimeException | Error e) {
      gateway.close();
      throw e;
    }
    return gateway;
  }

  private boolean runningOrFail() throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "gateway exited with status " + process.exitValue() + " while starting:\n" + tail(40));
    }
    return logged("Tern gateway running");
  }

  /** A port free right now on this machine. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Readings processed since this process started ({@code /api/status}), or -1 if the HTTP API does
   * not answer.
   */
  public long readingsProcessed() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/status"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return response.statusCode() == 200
          ? JSON.readTree(response.body()).get("readings").asLong()
          : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Waits up to {@code millis}; true if the process ended by itself meanwhile. */
  public boolean exitedWithin(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /** The {@code /api/status} JSON, or an explanation if the HTTP API does not answer. */
  public String status() {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/status"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
          .body();
    } catch (IOException e) {
      return "(no status: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /**
   * {@code kill -9 <pid>} through the {@code kill} command (no shutdown hook runs, nothing is
   * flushed), then waits for the process to end.
   *
   * @return the exit status seen by the parent: 137 (128 + SIGKILL) on Linux
   */
  public int killNine() throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-9", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -9 " + process.pid() + " failed: " + out);
    }
    return process.waitFor();
  }

  /**
   * SIGTERM: the gateway's shutdown hook drains the pipeline and closes the output log.
   *
   * @return the exit status (143 = 128 + SIGTERM, or 0)
   */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("gateway did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean logged(String text) throws IOException {
    return Files.exists(logFile) && Files.readString(logFile).contains(text);
  }

  /** The last {@code lines} lines of the log. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  /** Kills the process if it still runs (a test that failed half-way must not leak it). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static List<String> chronicleFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle"))
        .toList();
  }
}
