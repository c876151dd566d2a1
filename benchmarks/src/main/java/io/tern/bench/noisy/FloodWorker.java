package io.tern.bench.noisy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The flooder in a JVM of its own, as a real noisy device would be: its allocations, garbage
 * collections and JIT compilations are not the gateway's. Started and driven by {@link
 * FloodProcess} over stdin and stdout, one line per command and answer; logs go to stderr.
 *
 * <p>Arguments: {@code <mqtt-port> <window> <seed> <victim,victim,...>}. Once connected it prints
 * {@code ready}; if it cannot connect, {@code failed <why>}, and exits with 1. Commands: {@code
 * start} and {@code stop} (answered with {@code ok}, {@code stop} once the messages in flight are
 * answered), {@code counts} (answered with {@code counts <json>}) and {@code close} (answered with
 * {@code closed <json>}, the final counts; then it exits). The end of its input means {@code close}
 * too, so that it never outlives the benchmark.
 */
public final class FloodWorker {
  static final String READY = "ready";
  static final String FAILED = "failed";
  static final String OK = "ok";
  static final String COUNTS = "counts";
  static final String CLOSED = "closed";
  static final String START = "start";
  static final String STOP = "stop";
  static final String CLOSE = "close";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private FloodWorker() {}

  public static void main(String[] args) throws IOException {
    PrintStream answers = System.out;
    System.setOut(System.err); // nothing else may write to the protocol's stream
    if (args.length != 4) {
      answers.println(FAILED + " usage: FloodWorker <mqtt-port> <window> <seed> <victims>");
      System.exit(1);
    }
    List<String> victims = Arrays.asList(args[3].split(","));
    Flooder flooder;
    try {
      flooder =
          Flooder.connect(
              Integer.parseInt(args[0]),
              Integer.parseInt(args[1]),
              victims,
              Long.parseLong(args[2]),
              CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      answers.println(FAILED + " " + e.getMessage().replace('\n', ' '));
      answers.flush();
      System.exit(1);
      return;
    }
    answers.println(READY);
    answers.flush();
    serve(flooder, answers);
    System.exit(0); // the HiveMQ client's threads are not all daemons
  }

  private static void serve(Flooder flooder, PrintStream answers) throws IOException {
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (flooder) {
      String command;
      while ((command = commands.readLine()) != null && !command.equals(CLOSE)) {
        answers.println(answer(flooder, command));
        answers.flush();
      }
    }
    answers.println(CLOSED + " " + encode(flooder.counts()));
    answers.flush();
  }

  private static String answer(Flooder flooder, String command) throws JsonProcessingException {
    switch (command) {
      case START -> flooder.start();
      case STOP -> flooder.stop();
      case COUNTS -> {
        return COUNTS + " " + encode(flooder.counts());
      }
      default -> {
        return FAILED + " unknown command '" + command + "'";
      }
    }
    return OK;
  }

  static String encode(FloodCounts counts) throws JsonProcessingException {
    return JSON.writeValueAsString(counts);
  }

  static FloodCounts decode(String json) throws JsonProcessingException {
    return JSON.readValue(json, FloodCounts.class);
  }
}
