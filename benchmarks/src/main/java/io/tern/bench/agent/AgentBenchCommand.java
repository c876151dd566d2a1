package io.tern.bench.agent;

import io.tern.bench.agent.PublishThroughput.Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tern bench agent}: the edge agent's append path against raw Chronicle (JMH, same run),
 * then the publisher's throughput with an in-flight window of 1000 against 10. Runs on the CLI
 * thread.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Edge agent benchmarks, each side by side in the same run:",
      "  append   Outbox.append (encoding, budget, Chronicle append) vs raw Chronicle",
      "           appender.writeBytes of the same excerpt bytes (JMH; goal: >= 0.5x)",
      "  publish  the real publisher draining a pre-filled outbox to HiveMQ CE in this JVM",
      "           with an in-flight window of 1000 vs 10 (readings/s, messages/s)",
      "Options:"
    })
public final class AgentBenchCommand implements Callable<Integer> {
  static final double APPEND_GOAL = 0.5;

  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description =
          "A short smoke run: 1 fork, 1 warm-up and 2 measured 2 s iterations; 50k readings.")
  boolean quick;

  @Option(
      names = "--forks",
      defaultValue = "2",
      description = "JMH forks per append benchmark (default: ${DEFAULT-VALUE}).")
  int forks;

  @Option(
      names = "--iterations",
      defaultValue = "5",
      description =
          "Measured JMH iterations of 3 s per fork, after 3 warm-ups (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--readings",
      defaultValue = "500000",
      description = "Readings drained per publish run (default: ${DEFAULT-VALUE}).")
  int readings;

  @Option(
      names = "--batch-readings",
      defaultValue = "100",
      description =
          "Readings per MQTT message, as the agent's default (default: ${DEFAULT-VALUE}).")
  int batchReadings;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Measured publish runs per window, after one warm-up run each (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws RunnerException, IOException {
    if (forks < 1 || iterations < 1 || readings < 1 || rounds < 1 || batchReadings < 1) {
      throw new ParameterException(spec.commandLine(), "every number must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Collection<RunResult> append = runAppend();
    double outbox = score(append, "outboxAppend");
    double raw = score(append, "rawChronicleAppend");
    int n = quick ? 50_000 : readings;
    Result[] narrow = new Result[quick ? 1 : rounds];
    Result[] wide = new Result[narrow.length];
    Path home = Files.createTempDirectory("tern-bench-publish");
    try (PublishThroughput publish = new PublishThroughput(home)) {
      publish.drain(10, Math.max(1, n / 5), batchReadings, Duration.ofMinutes(10)); // warm-up
      publish.drain(1000, Math.max(1, n / 5), batchReadings, Duration.ofMinutes(10));
      for (int r = 0; r < narrow.length; r++) { // alternate, so drift hits both sides alike
        narrow[r] = publish.drain(10, n, batchReadings, Duration.ofMinutes(10));
        wide[r] = publish.drain(1000, n, batchReadings, Duration.ofMinutes(10));
      }
    } finally {
      OutboxAppendBenchmark.deleteTree(home);
    }
    out.println();
    out.println("Append (JMH, ops/s = readings/s, mean of all measured iterations)");
    out.printf("  %-28s %,14.0f%n", "Outbox.append", outbox);
    out.printf("  %-28s %,14.0f%n", "raw appender.writeBytes", raw);
    out.printf(
        "  ratio outbox/raw %.2fx (goal >= %.1fx: %s)%n",
        outbox / raw, APPEND_GOAL, outbox / raw >= APPEND_GOAL ? "met" : "NOT met");
    out.println();
    out.printf(
        "Publish (%,d readings per run, %d readings per message, best of %d runs)%n",
        n, batchReadings, narrow.length);
    Result best10 = best(narrow);
    Result best1000 = best(wide);
    for (Result r : new Result[] {best10, best1000}) {
      out.printf(
          "  window %4d  %,12.0f readings/s  %,8.0f messages/s  (%,d messages, %.2f s)%n",
          r.window(), r.readingsPerSecond(), r.messagesPerSecond(), r.messages(), r.nanos() / 1e9);
    }
    out.printf(
        "  ratio window 1000 / window 10: %.2fx%n",
        best1000.readingsPerSecond() / best10.readingsPerSecond());
    out.println(
        "  (the publisher keeps 2 below the broker's Receive Maximum: 1000 -> 998 in flight)");
    out.flush();
    return 0;
  }

  private Collection<RunResult> runAppend() throws RunnerException {
    String include = "^" + OutboxAppendBenchmark.class.getName().replace(".", "\\.") + "\\..*";
    return new Runner(
            new OptionsBuilder()
                .include(include)
                .shouldFailOnError(true)
                .forks(quick ? 1 : forks)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 2 : 3))
                .measurementIterations(quick ? 2 : iterations)
                .measurementTime(TimeValue.seconds(quick ? 2 : 3))
                .build())
        .run();
  }

  private static double score(Collection<RunResult> results, String benchmark) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no result for " + benchmark))
        .getPrimaryResult()
        .getScore();
  }

  private static Result best(Result[] results) {
    Result best = results[0];
    for (Result r : results) {
      if (r.readingsPerSecond() > best.readingsPerSecond()) {
        best = r;
      }
    }
    return best;
  }
}
