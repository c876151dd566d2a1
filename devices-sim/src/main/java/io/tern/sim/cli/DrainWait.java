package io.tern.sim.cli;

import io.tern.sim.check.CheckFiles;
import io.tern.sim.check.ReadingsCheck;
import io.tern.sim.fleet.Fleet;
import io.tern.sim.generated.GeneratedCount;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * After a {@code --check} run stopped sampling: waits until the agents have every reading
 * acknowledged, then until Tern's outputs hold the last window of every generated series (the
 * gateway closes it after its idle timeout), or until the timeout; then the check can run (what is
 * still missing shows as lost). Runs on the command's thread.
 */
final class DrainWait {

  private static final long POLL_MS = 500;
  private static final long PROGRESS_MS = 5_000;

  private DrainWait() {}

  /** Returns whether everything arrived before {@code timeout}. */
  static boolean await(
      Fleet fleet, Path generated, List<Path> outputs, Duration timeout, PrintWriter out)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextProgress = 0;
    List<GeneratedCount> counts = CheckFiles.readGenerated(generated);
    while (System.nanoTime() < deadline) {
      long unacked = fleet.stats().unacked();
      boolean emitted = unacked == 0 && lastWindowsEmitted(counts, outputs);
      if (emitted) {
        return true;
      }
      if (System.nanoTime() >= nextProgress) {
        out.printf(
            "draining: %d readings unacked | %s%n",
            unacked, unacked == 0 ? "waiting for the last rollup windows" : "waiting for acks");
        out.flush();
        nextProgress = System.nanoTime() + PROGRESS_MS * 1_000_000;
      }
      Thread.sleep(POLL_MS);
    }
    out.printf("draining: gave up after %s; checking what arrived%n", timeout);
    out.flush();
    return false;
  }

  private static boolean lastWindowsEmitted(List<GeneratedCount> counts, List<Path> outputs)
      throws IOException {
    for (Path file : outputs) {
      if (!Files.exists(file)) {
        return false;
      }
    }
    return ReadingsCheck.lastWindowsEmitted(counts, CheckFiles.readOutputs(outputs).rollups());
  }
}
