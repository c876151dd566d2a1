package io.tern.launcher.demo;

import java.util.Locale;

/**
 * Formats the demo's one-line status from two consecutive snapshots (for rates). Pure: no clock, no
 * I/O.
 */
final class StatusLine {

  private StatusLine() {}

  static String format(DemoSnapshot previous, DemoSnapshot current, double elapsedSeconds) {
    double readingsPerSecond =
        elapsedSeconds <= 0
            ? 0
            : (current.gateway().readings() - previous.gateway().readings()) / elapsedSeconds;
    return String.format(
        Locale.ROOT,
        "devices %d/%d | readings/s %,.0f | dup %,d | dlq %,d | rollups %,d | alerts %,d (%d active)"
            + " | kafka %,d delivered, lag %,d%s | agents unacked %,d",
        current.fleet().devicesConnected(),
        current.fleet().devices(),
        readingsPerSecond,
        current.gateway().duplicates(),
        current.gateway().deadLetters(),
        current.gateway().rollups(),
        current.gateway().alertsRaised(),
        current.gateway().activeAlerts(),
        current.bridge().rollupsDelivered() + current.bridge().alertsDelivered(),
        current.bridge().lag(),
        current.bridge().kafkaUp() ? "" : " (kafka down)",
        current.fleet().unacked());
  }
}
