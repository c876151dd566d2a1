package io.tern.launcher.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints the demo status once a second until stopped, plus one-off milestones (first rollup in
 * Kafka, first alert). On a terminal the status overwrites itself in place. Runs on the caller's
 * thread.
 */
final class StatusPrinter {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter out;
  private final boolean terminal;
  private boolean sawRollup;
  private boolean sawAlert;

  StatusPrinter(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void run(DemoPipeline pipeline, CountDownLatch stop, Duration duration)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
    DemoSnapshot previous = pipeline.snapshot();
    long previousAt = started;
    while (System.nanoTime() < deadline && !stop.await(1, TimeUnit.SECONDS)) {
      DemoSnapshot current = pipeline.snapshot();
      long now = System.nanoTime();
      milestones(current, Duration.ofNanos(now - started));
      String line = StatusLine.format(previous, current, (now - previousAt) / 1e9);
      String time = LocalTime.now().format(TIME);
      if (terminal) {
        out.print("\r\033[2K" + time + "  " + line);
      } else {
        out.println(time + "  " + line);
      }
      out.flush();
      previous = current;
      previousAt = now;
    }
  }

  private void milestones(DemoSnapshot snapshot, Duration since) {
    if (!sawRollup && snapshot.bridge().rollupsDelivered() > 0) {
      sawRollup = true;
      announce(
          "first rollups delivered to Kafka topic tern.rollups after " + since.toSeconds() + " s");
    }
    if (!sawAlert && snapshot.gateway().alertsRaised() > 0) {
      sawAlert = true;
      announce("first alert published on tern/v1/alerts/... after " + since.toSeconds() + " s");
    }
  }

  private void announce(String milestone) {
    if (terminal) {
      out.print("\r\033[2K");
    }
    out.println("  >> " + milestone);
  }
}
