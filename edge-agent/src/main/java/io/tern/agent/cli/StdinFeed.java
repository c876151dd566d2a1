package io.tern.agent.cli;

import io.tern.agent.source.LineParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;

/**
 * {@code --source stdin}: records lines {@code metric value [epochMs]} until end of input; a bad
 * line gets a warning with its line number and is counted.
 *
 * <p>Threads: runs on the agent command's thread.
 */
final class StdinFeed {
  private StdinFeed() {}

  static int run(Feed feed, InputStream stdin) {
    long lineNumber = 0;
    long recorded = 0;
    long invalid = 0;
    InstantSource clock = InstantSource.system();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        LineParser.Line parsed = LineParser.parse(line, clock.millis());
        if (parsed instanceof LineParser.Parsed p) {
          if (!feed.record(p.metric(), p.value(), p.eventTimeMs())) {
            break;
          }
          recorded++;
        } else if (parsed instanceof LineParser.Invalid bad) {
          invalid++;
          feed.warn("warning: line " + lineNumber + ": " + bad.reason() + " (skipped)");
        }
      }
    } catch (IOException e) {
      feed.warn("error: cannot read stdin: " + e.getMessage());
      return 1;
    }
    feed.warn(
        String.format("stdin: %d readings recorded, %d invalid lines skipped", recorded, invalid));
    return 0;
  }
}
