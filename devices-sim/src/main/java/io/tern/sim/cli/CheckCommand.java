package io.tern.sim.cli;

import io.tern.agent.cli.DurationConverter;
import io.tern.sim.check.CheckFiles;
import io.tern.sim.check.CheckReport;
import io.tern.sim.check.CheckSettings;
import io.tern.sim.check.Checker;
import io.tern.sim.scenario.ScenarioException;
import io.tern.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tern sim check}: compares a finished simulator run with what Tern produced. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a simulator run against Tern's outputs and prints a table:",
      "readings lost and double-counted (rollup counts per window vs the",
      "generated readings), and alert recall, precision and delay per anomaly",
      "kind (vs the labels).",
      "Exit status: 0 pass; 1 a promise is broken (readings lost or doubled,",
      "or recall below the scenario's check.min-recall); 2 bad input."
    })
public final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--generated",
      defaultValue = ".tern/sim/generated.jsonl",
      description = "Generated-readings file written by 'tern sim' (default: ${DEFAULT-VALUE}).")
  Path generated;

  @Option(
      names = "--labels",
      defaultValue = ".tern/sim/labels.jsonl",
      description = "Labels file written by 'tern sim' (default: ${DEFAULT-VALUE}).")
  Path labels;

  @Option(
      names = "--outputs",
      required = true,
      description =
          "Tern's outputs, JSON Lines: the bridge's NDJSON file sink, or the gateway's rollup and"
              + " alert payloads saved one per line; repeatable (required).")
  List<Path> outputs;

  @Option(
      names = "--scenario",
      description =
          "Scenario YAML whose 'check' key sets min-recall and tolerance (default: none: no"
              + " recall threshold, tolerance 5s).")
  Path scenario;

  @Option(
      names = "--tolerance",
      converter = DurationConverter.class,
      description =
          "How long after a label's end an alert still matches it (default: the scenario's, else"
              + " 5s).")
  Duration tolerance;

  @Option(
      names = "--window",
      converter = DurationConverter.class,
      description = "Rollup window size to compare (default: the finest one in the outputs).")
  Duration window;

  @Override
  public Integer call() {
    CheckSettings settings;
    try {
      settings =
          scenario == null ? CheckSettings.defaults() : ScenarioLoader.load(scenario).check();
    } catch (ScenarioException e) {
      return error(e.getMessage());
    }
    if (tolerance != null) {
      settings = settings.withTolerance(tolerance);
    }
    OptionalLong windowMs =
        window == null ? OptionalLong.empty() : OptionalLong.of(window.toMillis());
    return check(
        generated,
        labels,
        outputs,
        settings,
        windowMs,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  private int error(String message) {
    spec.commandLine().getErr().println("error: " + message);
    return 2;
  }

  /** Reads the files, prints the report to {@code out}; returns the exit status (0, 1 or 2). */
  static int check(
      Path generated,
      Path labels,
      List<Path> outputs,
      CheckSettings settings,
      OptionalLong windowMs,
      PrintWriter out,
      PrintWriter err) {
    CheckReport report;
    try {
      report =
          Checker.check(
              CheckFiles.readGenerated(generated),
              CheckFiles.readLabels(labels),
              CheckFiles.readOutputs(outputs),
              settings,
              windowMs);
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 2;
    }
    out.print(report.render());
    out.flush();
    return report.passed() ? 0 : 1;
  }
}
