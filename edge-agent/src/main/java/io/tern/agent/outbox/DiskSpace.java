package io.tern.agent.outbox;

import java.io.IOException;

/**
 * Whether the outbox's filesystem has room for the next append, keeping {@link #RESERVE_BYTES}
 * free: Chronicle maps and extends files by whole blocks, and writing into a mapped page the
 * filesystem cannot back kills the JVM (SIGBUS). Free space is read (statfs) every 100 ms or 64 KiB
 * appended, and on every append while the disk is full, so appends resume as soon as space is
 * freed.
 *
 * <p>Not thread-safe: guarded by the outbox's lock.
 */
final class DiskSpace {
  static final long RESERVE_BYTES = 4L * Outbox.BLOCK_SIZE;
  private static final long CHECK_INTERVAL_MS = 100;
  private static final long CHECK_BYTES = 64 << 10;

  /** Reads the usable bytes of the filesystem. */
  interface Probe {
    long usableBytes() throws IOException;
  }

  private final Probe probe;
  private long usableBytes;
  private long checkedAtMs = Long.MIN_VALUE / 2;
  private long bytesSinceCheck;

  DiskSpace(Probe probe) {
    this.probe = probe;
  }

  /**
   * True if {@code size} more bytes leave the reserve free.
   *
   * @throws IOException if the free space cannot be read (treated as full until the next check)
   */
  boolean hasRoom(int size, long nowMs) throws IOException {
    bytesSinceCheck += size;
    if (nowMs - checkedAtMs >= CHECK_INTERVAL_MS
        || bytesSinceCheck >= CHECK_BYTES
        || usableBytes - bytesSinceCheck < RESERVE_BYTES) {
      checkedAtMs = nowMs;
      bytesSinceCheck = size;
      usableBytes = 0;
      usableBytes = probe.usableBytes();
    }
    return usableBytes - bytesSinceCheck >= RESERVE_BYTES;
  }

  /** Usable bytes at the last check. */
  long usableBytes() {
    return usableBytes;
  }
}
