package io.tern.agent.source.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.source.influx.LineProtocol.Invalid;
import io.tern.agent.source.influx.LineProtocol.Point;
import io.tern.agent.source.influx.LineProtocol.Points;
import io.tern.agent.source.influx.LineProtocol.Precision;
import io.tern.agent.source.influx.LineProtocol.Skipped;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineProtocolTest {
  private static final long NOW = 1_700_000_000_000L;
  private final LineProtocol ns = new LineProtocol(Precision.NS);

  private Points points(String line) {
    return (Points) ns.parse(line, NOW);
  }

  private String invalid(String line) {
    LineProtocol.Line parsed = ns.parse(line, NOW);
    assertThat(parsed).as(line).isInstanceOf(Invalid.class);
    return ((Invalid) parsed).reason();
  }

  @Test
  void parse_fieldWithoutTimestamp_getsReceiveTime() {
    assertThat(points("room temp=21.5").points())
        .containsExactly(new Point("room.temp", 21.5, NOW));
  }

  @Test
  void parse_tagsAreIgnored_nanosecondTimestampFlooredToMillis() {
    assertThat(points("room,site=a,floor=2 temp=21.5 1700000000123999999").points())
        .containsExactly(new Point("room.temp", 21.5, 1_700_000_000_123L));
  }

  @Test
  void parse_multipleFieldsOfEveryType() {
    Points p =
        points(
            "m a=1,b=-2.5e3,c=5i,d=7u,e=t,f=FALSE,g=True,h=\"text, with = \\\"x\\\"\",i=.5 1000000");
    assertThat(p.points())
        .containsExactly(
            new Point("m.a", 1, 1),
            new Point("m.b", -2500, 1),
            new Point("m.c", 5, 1),
            new Point("m.d", 7, 1),
            new Point("m.e", 1, 1),
            new Point("m.f", 0, 1),
            new Point("m.g", 1, 1),
            new Point("m.i", 0.5, 1));
    assertThat(p.stringFieldsSkipped()).isEqualTo(1);
  }

  @Test
  void parse_onlyStringFields_givesNoPointsButCountsThem() {
    Points p = points("log msg=\"disk full\",level=\"warn\"");
    assertThat(p.points()).isEmpty();
    assertThat(p.stringFieldsSkipped()).isEqualTo(2);
  }

  @Test
  void parse_escapedSpacesAndCommas_inMeasurementAndKeys_thenSanitised() {
    assertThat(points("my\\ room\\,east,tag\\ key=a\\,b\\=c temp\\ c\\,x\\=y=1 5000000").points())
        .containsExactly(new Point("my_room_east.temp_c_x_y", 1, 5));
    // An unescaped '=' is allowed in a measurement; a backslash before another character stays.
    assertThat(points("a=b\\x f=1").points()).containsExactly(new Point("a_b_x.f", 1, NOW));
    assertThat(points("a\\\\b f=1").points()).containsExactly(new Point("a_b.f", 1, NOW));
  }

  @Test
  void parse_measurementDotField_isKeptWhenValid() {
    assertThat(points("cpu.load load-1=0.5").points())
        .containsExactly(new Point("cpu.load.load-1", 0.5, NOW));
  }

  @ParameterizedTest
  @CsvSource({
    "NS, 1700000000000000000",
    "US, 1700000000000000",
    "MS, 1700000000000",
    "S, 1700000000"
  })
  void parse_precision(Precision precision, String timestamp) {
    assertThat(new LineProtocol(precision).parse("m f=1 " + timestamp, 0))
        .isEqualTo(new Points(List.of(new Point("m.f", 1, NOW)), 0));
  }

  @Test
  void parse_negativeNanoseconds_floorToEarlierMillisecond() {
    assertThat(points("m f=1 -1").points()).containsExactly(new Point("m.f", 1, -1));
  }

  @Test
  void parse_blankAndComments_areSkipped() {
    assertThat(ns.parse("", NOW)).isInstanceOf(Skipped.class);
    assertThat(ns.parse("   \r", NOW)).isInstanceOf(Skipped.class);
    assertThat(ns.parse("# comment", NOW)).isInstanceOf(Skipped.class);
  }

  @Test
  void parse_trailingCarriageReturnAndExtraSpaces_areTolerated() {
    assertThat(points("m  f=1   2000000\r").points()).containsExactly(new Point("m.f", 1, 2));
  }

  @Test
  void parse_badLines_sayWhy() {
    assertThat(invalid("room")).isEqualTo("missing fields");
    assertThat(invalid("room,site=a")).isEqualTo("missing fields");
    assertThat(invalid(",site=a f=1")).contains("missing measurement");
    assertThat(invalid("room,site f=1")).contains("tag 'site' has no value");
    assertThat(invalid("room,site= f=1")).contains("missing value of tag 'site'");
    assertThat(invalid("room temp")).contains("field 'temp' has no value");
    assertThat(invalid("room temp=")).contains("field 'temp' has no value");
    assertThat(invalid("room temp=1,")).contains("missing field key");
    assertThat(invalid("room =1")).contains("missing field key");
    assertThat(invalid("room temp=warm")).contains("field 'temp' value 'warm' is not a number");
    assertThat(invalid("room temp=1.5i")).contains("not a number");
    assertThat(invalid("room temp=-1u")).contains("not a number");
    assertThat(invalid("room temp=NaN")).contains("not a number");
    assertThat(invalid("room temp=1e999")).contains("not a number");
    assertThat(invalid("room temp=99999999999999999999i")).contains("out of range");
    assertThat(invalid("room temp=\"open")).contains("no closing quote");
    assertThat(invalid("room temp=1 soon")).contains("timestamp 'soon' is not an integer");
    assertThat(invalid("room temp=1 1 2")).contains("is not an integer");
    assertThat(invalid("room temp=1 99999999999999999999")).contains("out of range");
    assertThat(new LineProtocol(Precision.S).parse("m f=1 9223372036854776", 0))
        .isInstanceOf(Invalid.class);
    assertThat(invalid("m".repeat(60) + " field=1")).contains("longer than 64");
  }
}
