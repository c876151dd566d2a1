package io.tern.bench.noisy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The flooder in a JVM of its own ({@link FloodWorker}, started with this JVM's java and class
 * path), driven over the child's stdin and stdout. The child's stderr (its log) is this one's.
 *
 * <p>Threading: the control thread; a daemon thread ({@code bench-flood-answers}) reads the child's
 * answers into a queue, so that every wait for an answer is bounded.
 */
final class FloodProcess implements FloodControl {
  /** The longest a command may take: {@code stop} waits up to 15 s for the messages in flight. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
  private static final String END = "";

  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private boolean closed;

  private FloodProcess(Process process) {
    this.process = process;
    this.commands = new PrintWriter(process.getOutputStream(), false, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readAnswers, "bench-flood-answers");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the flooder's JVM and waits until it has connected to {@code 127.0.0.1:port}.
   *
   * @throws IllegalStateException if it cannot start or connect within {@code timeout}
   */
  static FloodProcess start(
      int port, int window, List<String> victims, long seed, Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    Optional.ofNullable(System.getProperty("logback.configurationFile"))
        .ifPresent(file -> command.add("-Dlogback.configurationFile=" + file));
    command.add(FloodWorker.class.getName());
    command.add(Integer.toString(port));
    command.add(Integer.toString(window));
    command.add(Long.toString(seed));
    command.add(String.join(",", victims));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the flooder's JVM: " + e.getMessage(), e);
    }
    FloodProcess flooder = new FloodProcess(process);
    String first = flooder.next(timeout.plus(ANSWER_TIMEOUT));
    if (!first.equals(FloodWorker.READY)) {
      flooder.kill();
      throw new IllegalStateException(
          "the flooder's JVM did not connect: " + (first.isEmpty() ? "it ended" : first));
    }
    return flooder;
  }

  /** The pid of the flooder's JVM, for the report. */
  long pid() {
    return process.pid();
  }

  @Override
  public void start() {
    expect(FloodWorker.START, FloodWorker.OK);
  }

  @Override
  public void stop() {
    expect(FloodWorker.STOP, FloodWorker.OK);
  }

  @Override
  public FloodCounts counts() {
    return decode(expect(FloodWorker.COUNTS, FloodWorker.COUNTS));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      expect(FloodWorker.CLOSE, FloodWorker.CLOSED);
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the flooder's JVM did not exit within " + EXIT_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      kill();
    }
  }

  /** Sends {@code command}; returns the rest of the answer, which must start with {@code word}. */
  private String expect(String command, String word) {
    if (!process.isAlive() && answers.isEmpty()) {
      throw new IllegalStateException(
          "the flooder's JVM has ended (exit code " + process.exitValue() + ")");
    }
    commands.println(command);
    commands.flush();
    String answer = next(ANSWER_TIMEOUT);
    if (answer.equals(word)) {
      return "";
    }
    if (answer.startsWith(word + " ")) {
      return answer.substring(word.length() + 1);
    }
    throw new IllegalStateException(
        "the flooder's JVM answered '%s' to '%s'"
            .formatted(answer.isEmpty() ? "nothing (it ended)" : answer, command));
  }

  /** The next answer line, or {@link #END} once the child's output has ended. */
  private String next(Duration timeout) {
    try {
      String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        kill();
        throw new IllegalStateException("the flooder's JVM did not answer within " + timeout);
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException("interrupted while waiting for the flooder's JVM", e);
    }
  }

  private void readAnswers() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty()) {
          answers.add(line);
        }
      }
    } catch (IOException e) {
      // the process went away; END below says so
    } finally {
      answers.add(END);
    }
  }

  private static FloodCounts decode(String json) {
    try {
      return FloodWorker.decode(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the flooder's JVM sent unreadable counts", e);
    }
  }

  private void kill() {
    commands.close();
    process.destroyForcibly();
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
