package io.tern.gateway.core.snapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Shared encoding rules of the state snapshot, for the components that write and read their own
 * part: doubles by their raw bits (NaN payloads and -0.0 survive), counts checked on read, section
 * tags that say where a snapshot stopped making sense.
 */
public final class StateCodec {
  private StateCodec() {}

  /** Writes a double by its raw bits. */
  public static void writeDouble(DataOutput out, double value) throws IOException {
    out.writeLong(Double.doubleToRawLongBits(value));
  }

  /** Reads a double written by {@link #writeDouble}. */
  public static double readDouble(DataInput in) throws IOException {
    return Double.longBitsToDouble(in.readLong());
  }

  /** Reads a count in {@code [0, max]}; {@code what} names it in the error. */
  public static int readCount(DataInput in, String what, int max) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > max) {
      throw new CorruptSnapshotException(what + " " + count + " is outside 0.." + max);
    }
    return count;
  }

  /** Reads a boolean written by {@link DataOutput#writeBoolean}, refusing other byte values. */
  public static boolean readBoolean(DataInput in, String what) throws IOException {
    byte b = in.readByte();
    if (b != 0 && b != 1) {
      throw new CorruptSnapshotException(what + " flag has byte value " + b);
    }
    return b == 1;
  }

  /** Writes a section tag: four ASCII characters. */
  public static void writeSection(DataOutput out, String tag) throws IOException {
    out.writeInt(tagValue(tag));
  }

  /** Reads a section tag and checks it is the expected one. */
  public static void readSection(DataInput in, String tag) throws IOException {
    int actual = in.readInt();
    if (actual != tagValue(tag)) {
      throw new CorruptSnapshotException(
          "expected section '" + tag + "', found 0x" + Integer.toHexString(actual));
    }
  }

  /** Throws a {@link CorruptSnapshotException} with the message unless the condition holds. */
  public static void check(boolean condition, String message) throws IOException {
    if (!condition) {
      throw new CorruptSnapshotException(message);
    }
  }

  private static int tagValue(String tag) {
    if (tag.length() != 4) {
      throw new IllegalArgumentException("section tag must be 4 characters: " + tag);
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (tag.charAt(i) & 0xFF);
    }
    return value;
  }
}
