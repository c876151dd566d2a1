package io.tern.agent.source.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CSV file opened for replay (UTF-8, header on line 1): reads its rows one at a time, so files of
 * any size replay in constant memory.
 *
 * <p>Threads: one thread at a time (the agent command's replay loop).
 */
public final class CsvFile implements AutoCloseable {
  private final Path path;
  private final BufferedReader reader;
  private final CsvHeader header;
  private long lineNumber = 1;

  private CsvFile(Path path, BufferedReader reader, CsvHeader header) {
    this.path = path;
    this.reader = reader;
    this.header = header;
  }

  /**
   * Opens the file and reads its header.
   *
   * @param timeColumn name of the timestamp column, or {@code null} to pick it as {@link
   *     CsvHeader#parse} does
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the file is empty or its header cannot be used (the message
   *     names the file)
   */
  public static CsvFile open(Path path, String timeColumn) throws IOException {
    BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
    String first;
    try {
      first = reader.readLine();
    } catch (IOException e) {
      reader.close();
      throw e;
    }
    if (first == null) {
      reader.close();
      throw new IllegalArgumentException(path + " is empty (expected a header row)");
    }
    try {
      return new CsvFile(path, reader, CsvHeader.parse(first, timeColumn));
    } catch (IllegalArgumentException e) {
      reader.close();
      throw new IllegalArgumentException(path + ": line 1: " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  /** Number of the last line read (1 after {@link #open}). */
  public long lineNumber() {
    return lineNumber;
  }

  public CsvHeader header() {
    return header;
  }

  /**
   * The next row, or {@code null} at the end of the file.
   *
   * @throws IOException if the file cannot be read (e.g. it is not UTF-8)
   */
  public CsvRow next() throws IOException {
    String line = reader.readLine();
    if (line == null) {
      return null;
    }
    lineNumber++;
    return header.row(line, lineNumber);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
