package io.tern.bench.rollup;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tern bench rollup}: runs {@link RollupBenchmark} with JMH (forked JVMs) and prints
 * readings/s of the gateway pipeline and of Kafka Streams, and their ratio. Runs on the CLI thread.
 */
@Command(
    name = "rollup",
    mixinStandardHelpOptions = true,
    description = {
      "Windowed rollup throughput, in one JMH run on the same readings:",
      "  ternPipeline  the gateway's core pipeline (exact dedupe, 10 s / 1 min / 1 h",
      "                rollups with p50/p90/p99, spike detection)",
      "  kafkaStreams  windowedBy().aggregate() of the same rollups, driven by",
      "                TopologyTestDriver in the same JVM",
      "Prints readings/s of each and the ratio; goal: ternPipeline >= 10x kafkaStreams.",
      "Options:"
    })
public final class RollupBenchCommand implements Callable<Integer> {
  static final double GOAL = 10.0;

  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description = "A short smoke run: 1 fork, 1 warm-up and 2 measured iterations of 3 s.")
  boolean quick;

  @Option(
      names = "--forks",
      defaultValue = "2",
      description = "Forked JVMs per benchmark (default: ${DEFAULT-VALUE}).")
  int forks;

  @Option(
      names = "--warmup-iterations",
      defaultValue = "3",
      description = "Warm-up iterations per fork (default: ${DEFAULT-VALUE}).")
  int warmupIterations;

  @Option(
      names = "--iterations",
      defaultValue = "5",
      description = "Measured iterations per fork (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--iteration-seconds",
      defaultValue = "5",
      description = "Length of each iteration, warm-up and measured (default: ${DEFAULT-VALUE}).")
  int iterationSeconds;

  @Option(
      names = "--devices",
      defaultValue = "1000",
      description = "Simulated devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--metrics",
      defaultValue = "5",
      description = "Metrics per device, one reading per second each (default: ${DEFAULT-VALUE}).")
  int metrics;

  @Option(
      names = "--stages",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also measure the gateway's dedupe, rollup and detector stages alone (default: ${DEFAULT-VALUE}).")
  boolean stages;

  @Option(
      names = "--heap",
      defaultValue = "2g",
      description = "Heap (-Xms and -Xmx) of each forked JVM (default: ${DEFAULT-VALUE}).")
  String heap;

  @Override
  public Integer call() throws RunnerException {
    validate();
    String benchmarks =
        stages
            ? "ternPipeline|kafkaStreams|ternDedupeOnly|ternRollupOnly|ternDetectOnly"
            : "ternPipeline|kafkaStreams";
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(
                "^"
                    + RollupBenchmark.class.getName().replace(".", "\\.")
                    + "\\.("
                    + benchmarks
                    + ")$")
            .param("devices", Integer.toString(devices))
            .param("metrics", Integer.toString(metrics))
            .jvmArgsAppend(jvmArgs())
            .forks(quick ? 1 : forks)
            .warmupIterations(quick ? 1 : warmupIterations)
            .warmupTime(TimeValue.seconds(quick ? 3 : iterationSeconds))
            .measurementIterations(quick ? 2 : iterations)
            .measurementTime(TimeValue.seconds(quick ? 3 : iterationSeconds));
    Collection<RunResult> results = new Runner(options.build()).run();
    RollupReport report = RollupReport.of(results);
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.print(report.table(GOAL));
    out.flush();
    return 0;
  }

  /** Forked JVMs inherit this JVM's options (module flags, logging config) and get the heap. */
  private String[] jvmArgs() {
    return new String[] {"-Xms" + heap, "-Xmx" + heap};
  }

  private void validate() {
    if (forks < 1 || warmupIterations < 0 || iterations < 1 || iterationSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--forks, --iterations and --iteration-seconds must be >= 1, --warmup-iterations >= 0");
    }
    if (devices < 1 || metrics < 1) {
      throw new ParameterException(spec.commandLine(), "--devices and --metrics must be >= 1");
    }
    if (!heap.matches("[0-9]+[kmgKMG]?")) {
      throw new ParameterException(
          spec.commandLine(), "--heap must look like 512m or 2g, was " + heap);
    }
  }
}
