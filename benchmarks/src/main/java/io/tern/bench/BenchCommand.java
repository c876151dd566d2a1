package io.tern.bench;

import io.tern.bench.agent.AgentBenchCommand;
import io.tern.bench.detection.DetectionBenchCommand;
import io.tern.bench.ingest.IngestBenchCommand;
import io.tern.bench.noisy.NoisyBenchCommand;
import io.tern.bench.rollup.RollupBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tern bench}: Tern's benchmarks against named peers, with their result tables. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks of Tern against named peers, in the same run on this machine.",
      "Results and the commands that produced them: docs/benchmarks.md."
    },
    subcommands = {
      RollupBenchCommand.class,
      IngestBenchCommand.class,
      DetectionBenchCommand.class,
      AgentBenchCommand.class,
      NoisyBenchCommand.class
    })
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a benchmark is needed, e.g. 'bench rollup'");
  }
}
