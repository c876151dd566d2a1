package io.tern.gateway.output;

/**
 * One roll cycle (hourly file) of the output log.
 *
 * @param cycle Chronicle cycle number (hours since the epoch)
 * @param firstIndex Chronicle index of the cycle's first entry (entries within a cycle have
 *     consecutive indexes)
 * @param entries entries in the cycle
 * @param bytes bytes written to the cycle's file (headers, index and entries; the file itself is
 *     sparse and larger)
 * @param endMs when the cycle ends (epoch ms): nothing newer than this is in it
 */
public record LogCycle(int cycle, long firstIndex, long entries, long bytes, long endMs) {

  public LogCycle {
    if (entries < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "entries and bytes must be >= 0: " + entries + ", " + bytes);
    }
  }

  /** Index of the last entry ({@code firstIndex - 1} when the cycle is empty). */
  public long lastIndex() {
    return firstIndex + entries - 1;
  }

  /** Entries of this cycle after {@code position} (a consumer delivered up to and including it). */
  public long entriesAfter(long position) {
    if (position >= lastIndex()) {
      return 0;
    }
    return position < firstIndex ? entries : lastIndex() - position;
  }
}
