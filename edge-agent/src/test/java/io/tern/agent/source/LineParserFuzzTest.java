package io.tern.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tern.agent.source.LineParser.Invalid;
import io.tern.agent.source.LineParser.Parsed;
import io.tern.agent.source.LineParser.Skipped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Fuzz target: arbitrary bytes as the agent's standard input ({@code --source stdin}, UTF-8 lines
 * {@code metric value [epochMs]}). Each line is skipped (blank or comment), invalid with a reason,
 * or a reading whose metric is the line's first word and a valid name, stamped with the default
 * time when the line has two words. Any exception, or a hang, is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code LineParserFuzzTestInputs/stdin/} (test
 * resources) as regression tests; docs/security.md says how to fuzz.
 */
class LineParserFuzzTest {
  private static final long DEFAULT_TIME = 1_700_000_000_000L;
  private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  @FuzzTest
  void stdin(byte[] input) throws IOException {
    BufferedReader lines =
        new BufferedReader(new StringReader(new String(input, StandardCharsets.UTF_8)));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      LineParser.Line parsed = LineParser.parse(line, DEFAULT_TIME);
      String text = line.strip();
      assertThat(parsed instanceof Skipped)
          .as(line)
          .isEqualTo(text.isEmpty() || text.startsWith("#"));
      if (parsed instanceof Invalid invalid) {
        assertThat(invalid.reason()).as(line).isNotBlank();
      } else if (parsed instanceof Parsed reading) {
        String[] words = WHITESPACE.split(text);
        assertThat(reading.metric()).as(line).matches(METRIC).isEqualTo(words[0]);
        if (words.length == 2) {
          assertThat(reading.eventTimeMs()).as(line).isEqualTo(DEFAULT_TIME);
        }
      }
    }
  }
}
