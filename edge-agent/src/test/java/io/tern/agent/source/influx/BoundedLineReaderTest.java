package io.tern.agent.source.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.source.influx.BoundedLineReader.End;
import io.tern.agent.source.influx.BoundedLineReader.Text;
import io.tern.agent.source.influx.BoundedLineReader.TooLong;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {
  private static BoundedLineReader reader(String text, int max) {
    return new BoundedLineReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }

  @Test
  void next_linesWithLfAndCrlf_andLastLineWithoutNewline() throws IOException {
    BoundedLineReader r = reader("a b=1\nc d=2\r\n\ne f=3", 100);
    assertThat(r.next()).isEqualTo(new Text("a b=1"));
    assertThat(r.next()).isEqualTo(new Text("c d=2"));
    assertThat(r.next()).isEqualTo(new Text(""));
    assertThat(r.next()).isEqualTo(new Text("e f=3"));
    assertThat(r.next()).isInstanceOf(End.class);
  }

  @Test
  void next_tooLongLine_isDiscardedAndReadingGoesOn() throws IOException {
    String longLine = "x".repeat(20_000);
    BoundedLineReader r = reader(longLine + "\nok f=1\n" + longLine, 10);
    assertThat(r.next()).isEqualTo(new TooLong("xxxxxxxxxx"));
    assertThat(r.next()).isEqualTo(new Text("ok f=1"));
    assertThat(r.next()).isEqualTo(new TooLong("xxxxxxxxxx"));
    assertThat(r.next()).isInstanceOf(End.class);
  }

  @Test
  void next_lineOfExactlyTheLimit_isKept() throws IOException {
    assertThat(reader("1234567890\n", 10).next()).isEqualTo(new Text("1234567890"));
  }

  @Test
  void next_multiByteCharacters_areDecodedAsUtf8() throws IOException {
    assertThat(reader("température v=1\n", 100).next()).isEqualTo(new Text("température v=1"));
  }
}
