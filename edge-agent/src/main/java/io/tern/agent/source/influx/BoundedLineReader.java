package io.tern.agent.source.influx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines ending in {@code \n} (a trailing {@code \r} is dropped) from a stream, refusing
 * lines longer than a limit so one bad client cannot exhaust the heap: the rest of such a line is
 * discarded and reported as {@link TooLong}. Not thread-safe: one per connection thread.
 */
final class BoundedLineReader {
  /** One read result. */
  sealed interface Result permits Text, TooLong, End {}

  record Text(String line) implements Result {}

  record TooLong(String start) implements Result {}

  record End() implements Result {}

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[8192];
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private int start;
  private int end;

  BoundedLineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or {@link End} at end of stream (after a last unterminated line, if any). */
  Result next() throws IOException {
    line.reset();
    boolean overflow = false;
    while (true) {
      if (start == end) {
        end = in.read(buffer);
        start = 0;
        if (end <= 0) {
          end = 0;
          if (overflow) {
            return tooLong();
          }
          return line.size() > 0 ? text() : new End();
        }
      }
      int newline = indexOf((byte) '\n', start, end);
      int stop = newline >= 0 ? newline : end;
      if (!overflow) {
        int room = maxBytes - line.size();
        line.write(buffer, start, Math.min(room, stop - start));
        overflow = stop - start > room;
      }
      start = newline >= 0 ? newline + 1 : end;
      if (newline >= 0) {
        return overflow ? tooLong() : text();
      }
    }
  }

  private Result text() {
    String text = line.toString(StandardCharsets.UTF_8);
    return new Text(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }

  private Result tooLong() {
    return new TooLong(line.toString(StandardCharsets.UTF_8));
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
