package io.tern.agent.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (the installed start script, dpkg-deb, tar) to completion, with its
 * output captured in files so that a chatty process can never block on a full pipe.
 */
final class Command {
  private static final long TIMEOUT_SECONDS = 120;

  private final List<String> argv = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private final List<String> unset = new ArrayList<>();
  private String stdin = "";

  private Command(List<String> argv) {
    this.argv.addAll(argv);
  }

  static Command of(String... argv) {
    return new Command(List.of(argv));
  }

  static Command of(List<String> argv) {
    return new Command(argv);
  }

  /** True if {@code program} is an executable file in a folder of PATH. */
  static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  Command env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Command unsetEnv(String name) {
    unset.add(name);
    return this;
  }

  Command stdin(String text) {
    stdin = text;
    return this;
  }

  /** Runs the program in {@code workDir}; fails if it does not end within two minutes. */
  Result run(Path workDir) throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Path in = Files.writeString(Files.createTempFile(workDir, "in", ".txt"), stdin);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(workDir.toFile())
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    unset.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          argv + " did not end within " + TIMEOUT_SECONDS + " s; stderr: " + Files.readString(err));
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String out, String err) {
    /** Exit code and both outputs, for assertion messages. */
    String describe() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
