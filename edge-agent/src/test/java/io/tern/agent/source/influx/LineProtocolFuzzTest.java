package io.tern.agent.source.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tern.agent.source.influx.LineProtocol.Invalid;
import io.tern.agent.source.influx.LineProtocol.Point;
import io.tern.agent.source.influx.LineProtocol.Points;
import io.tern.agent.source.influx.LineProtocol.Precision;
import io.tern.agent.source.influx.LineProtocol.Skipped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fuzz target: arbitrary bytes as the InfluxDB listener receives them, split into lines by its
 * {@link BoundedLineReader}, each line parsed by {@link LineProtocol} in every precision. A line is
 * skipped, invalid with a reason, or points with valid metric names and finite values; the
 * precision changes only the time, never what is accepted (except seconds, whose multiplication may
 * overflow). Any other exception, or a hang, is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code LineProtocolFuzzTestInputs/lines/} (test
 * resources) as regression tests; docs/security.md says how to fuzz.
 */
class LineProtocolFuzzTest {
  private static final long RECEIVED_AT = 1_700_000_000_000L;
  private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Map<Precision, LineProtocol> PROTOCOLS = new EnumMap<>(Precision.class);

  static {
    for (Precision precision : Precision.values()) {
      PROTOCOLS.put(precision, new LineProtocol(precision));
    }
  }

  @FuzzTest
  void lines(byte[] input) throws IOException {
    BoundedLineReader reader =
        new BoundedLineReader(new ByteArrayInputStream(input), InfluxListener.MAX_LINE_BYTES);
    for (BoundedLineReader.Result next = reader.next();
        !(next instanceof BoundedLineReader.End);
        next = reader.next()) {
      if (next instanceof BoundedLineReader.Text text) {
        check(text.line());
      }
    }
  }

  private static void check(String line) {
    Map<Precision, LineProtocol.Line> parsed = new EnumMap<>(Precision.class);
    PROTOCOLS.forEach(
        (precision, protocol) -> parsed.put(precision, protocol.parse(line, RECEIVED_AT)));
    parsed.values().forEach(outcome -> checkOutcome(line, outcome));
    LineProtocol.Line ms = parsed.get(Precision.MS);
    assertThat(parsed.get(Precision.NS).getClass()).as(line).isEqualTo(ms.getClass());
    assertThat(parsed.get(Precision.US).getClass()).as(line).isEqualTo(ms.getClass());
    if (parsed.get(Precision.S) instanceof Points) {
      assertThat(ms).as(line).isInstanceOf(Points.class);
    }
    if (ms instanceof Points msPoints) {
      Points ns = (Points) parsed.get(Precision.NS);
      assertThat(ns.stringFieldsSkipped()).isEqualTo(msPoints.stringFieldsSkipped());
      assertThat(ns.points()).hasSameSizeAs(msPoints.points());
      for (int i = 0; i < ns.points().size(); i++) {
        Point a = ns.points().get(i);
        Point b = msPoints.points().get(i);
        assertThat(a.metric()).isEqualTo(b.metric());
        assertThat(a.value()).isEqualTo(b.value());
        // Without a timestamp both are the receive time; with one, ns is ms / 10^6 floored.
        assertThat(a.eventTimeMs())
            .as(line)
            .isIn(RECEIVED_AT, Math.floorDiv(b.eventTimeMs(), 1_000_000L));
      }
    }
  }

  private static void checkOutcome(String line, LineProtocol.Line outcome) {
    String text = line.strip();
    assertThat(outcome instanceof Skipped)
        .as("skipped: '%s'", line)
        .isEqualTo(text.isEmpty() || text.startsWith("#"));
    if (outcome instanceof Invalid invalid) {
      assertThat(invalid.reason()).as(line).isNotBlank();
    } else if (outcome instanceof Points points) {
      assertThat(points.points().size() + points.stringFieldsSkipped()).as(line).isPositive();
      long time = points.points().isEmpty() ? 0 : points.points().get(0).eventTimeMs();
      for (Point point : points.points()) {
        assertThat(point.metric()).as(line).matches(METRIC).contains(".");
        assertThat(Double.isFinite(point.value())).as(line).isTrue();
        assertThat(point.eventTimeMs()).as(line).isEqualTo(time);
      }
    }
  }
}
