package io.tern.agent.cli;

import io.tern.agent.AgentStats;
import io.tern.agent.source.csv.CsvFile;
import io.tern.agent.source.csv.CsvReplayMark;
import io.tern.agent.source.csv.CsvRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --source csv}: replays a CSV file into the agent with the file's timestamps as event
 * times, optionally paced, then either waits for Ctrl-C or (with {@code --exit-when-drained}) for
 * the gateway to acknowledge every reading. Bad rows get a warning with their line number (the
 * first {@value #MAX_WARNINGS}), are counted and skipped.
 *
 * <p>Threads: runs on the agent command's thread.
 */
final class CsvReplay {
  static final int MAX_WARNINGS = 100;
  private static final int LINES_LISTED = 10;
  private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final CsvFile file;
  private final Path dataDir;
  private final RatePacer pacer;
  private final boolean exitWhenDrained;
  private long rows;
  private long readings;
  private long badRows;
  private long skipped;
  private final List<Long> badLines = new ArrayList<>();

  /**
   * @param dataDir the agent's data directory, where the replay mark lets a restarted replay resume
   *     after the readings already in the outbox (see {@link CsvReplayMark})
   * @param pacer the pace, or {@code null} for as fast as the agent takes readings
   */
  CsvReplay(CsvFile file, Path dataDir, RatePacer pacer, boolean exitWhenDrained) {
    this.file = file;
    this.dataDir = dataDir;
    this.pacer = pacer;
    this.exitWhenDrained = exitWhenDrained;
  }

  int run(Feed feed) {
    try {
      if (!replay(feed)) {
        feed.warn("csv: stopped after " + readings + " readings from " + rows + " rows");
        return 0;
      }
    } catch (IOException e) {
      feed.warn(
          "error: cannot read " + file.path() + " after line " + file.lineNumber() + ": " + e);
      return 1;
    }
    String replayed =
        String.format(
            "csv: %s: %d readings from %d rows%s",
            file.path(), readings, rows, badRows == 0 ? "" : ", " + badRowsSummary());
    if (badRows > 0) {
      feed.warn("csv: " + badRowsSummary());
    }
    if (!exitWhenDrained) {
      feed.say(replayed + "; replay done, sending until Ctrl-C");
      feed.stop().await();
      return 0;
    }
    long target = feed.agent().stats().lastSeq();
    AgentStats stats = feed.agent().stats();
    while (stats.ackedSeq() < target) {
      if (feed.stop().awaitNanos(DRAIN_POLL_NANOS)) {
        feed.warn("csv: stopped before the gateway acknowledged everything");
        return 1;
      }
      stats = feed.agent().stats();
    }
    feed.say(replayed + "; all acknowledged by the gateway (acked seq " + stats.ackedSeq() + ")");
    return 0;
  }

  /**
   * Feeds every row to the agent, skipping the readings a previous run of the same replay already
   * appended; false if stopped on the way.
   */
  private boolean replay(Feed feed) throws IOException {
    long skip =
        CsvReplayMark.readingsAlreadyAppended(dataDir, file.path(), feed.agent().stats().lastSeq());
    if (skip > 0) {
      feed.say("csv: resuming after " + skip + " readings already in the outbox");
    }
    long start = System.nanoTime();
    for (CsvRow row = file.next(); row != null; row = file.next()) {
      if (row instanceof CsvRow.Values values) {
        rows++;
        for (CsvRow.Cell cell : values.cells()) {
          if (skipped < skip) {
            skipped++;
            readings++;
            continue;
          }
          if (!pace(feed, start)
              || !feed.record(cell.metric(), cell.value(), values.eventTimeMs())) {
            return false;
          }
          readings++;
        }
      } else if (row instanceof CsvRow.Bad bad) {
        badRow(feed, bad);
      }
    }
    return !feed.stop().requested();
  }

  /** Waits until the next reading is due; false if stopped meanwhile. */
  private boolean pace(Feed feed, long start) {
    if (pacer == null) {
      return true;
    }
    long wait = pacer.waitNanos(readings - skipped, System.nanoTime() - start);
    return wait == 0 ? !feed.stop().requested() : !feed.stop().awaitNanos(wait);
  }

  private void badRow(Feed feed, CsvRow.Bad bad) {
    badRows++;
    if (badLines.size() < LINES_LISTED) {
      badLines.add(bad.lineNumber());
    }
    if (badRows <= MAX_WARNINGS) {
      feed.warn(
          "warning: "
              + file.path()
              + " line "
              + bad.lineNumber()
              + ": "
              + bad.reason()
              + " (row skipped)");
    }
    if (badRows == MAX_WARNINGS + 1) {
      feed.warn("warning: more bad rows; further warnings suppressed (counted in the summary)");
    }
  }

  private String badRowsSummary() {
    StringBuilder lines = new StringBuilder();
    for (long line : badLines) {
      lines.append(lines.length() == 0 ? "" : ", ").append(line);
    }
    return String.format(
        "%d bad %s skipped (line%s %s%s)",
        badRows,
        badRows == 1 ? "row" : "rows",
        badRows == 1 ? "" : "s",
        lines,
        badRows > badLines.size() ? ", ..." : "");
  }
}
