package io.tern.gateway.core.snapshot;

import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Checksum;

/**
 * Views of a {@link DataOutput} / {@link DataInput} that update a checksum with every byte passing
 * through. The input side reads exactly the bytes it is asked for (no read-ahead), so whatever the
 * caller put after a snapshot stays readable.
 */
public final class ChecksummedStreams {
  private ChecksummedStreams() {}

  private static final int BUFFER_BYTES = 64 * 1024;

  /**
   * Writes through a buffer to {@code target}, updating {@code checksum}: {@link
   * DataOutputStream#flush() flush} it before reading the checksum. Does not flush or close {@code
   * target}.
   */
  public static DataOutputStream output(DataOutput target, Checksum checksum) {
    OutputStream forward =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            target.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
          }
        };
    return new DataOutputStream(
        new BufferedOutputStream(new CheckedOutputStream(forward, checksum), BUFFER_BYTES));
  }

  /**
   * Reads from {@code source}, updating {@code checksum}; reading past its end throws {@link
   * java.io.EOFException}.
   */
  public static DataInputStream input(DataInput source, Checksum checksum) {
    InputStream forward =
        new InputStream() {
          @Override
          public int read() throws IOException {
            return source.readUnsignedByte();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            source.readFully(b, off, len);
            return len;
          }
        };
    return new DataInputStream(new CheckedInputStream(forward, checksum));
  }
}
