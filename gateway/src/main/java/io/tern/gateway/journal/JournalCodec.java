package io.tern.gateway.journal;

import io.tern.gateway.core.model.Reading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The binary layout of journal entries (version 1). A batch stores its metric names once (a
 * dictionary) and, per reading, the stream epoch, seq, metric index, value bits and event time.
 *
 * <pre>
 * byte    type: 1 = batch, 2 = tick, 3 = status
 * long    timeMs
 * batch:  utf8 deviceId, stopbit metricCount, utf8 metric..., stopbit readingCount,
 *         per reading: long streamEpoch, long seq, stopbit metricIndex, double value, long eventTimeMs
 * status: utf8 deviceId, boolean online
 * </pre>
 *
 * Stateless; callers own the {@link Bytes}.
 */
final class JournalCodec {
  static final byte BATCH = 1;
  static final byte TICK = 2;
  static final byte STATUS = 3;

  private JournalCodec() {}

  static void write(JournalEntry entry, Bytes<?> out) {
    if (entry instanceof JournalEntry.Batch batch) {
      writeBatch(batch, out);
    } else if (entry instanceof JournalEntry.Status status) {
      out.writeByte(STATUS);
      out.writeLong(status.timeMs());
      out.writeUtf8(status.deviceId());
      out.writeBoolean(status.online());
    } else {
      out.writeByte(TICK);
      out.writeLong(entry.timeMs());
    }
  }

  private static void writeBatch(JournalEntry.Batch batch, Bytes<?> out) {
    out.writeByte(BATCH);
    out.writeLong(batch.timeMs());
    out.writeUtf8(batch.deviceId());
    Map<String, Integer> metrics = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (Reading r : batch.readings()) {
      if (metrics.putIfAbsent(r.metric(), names.size()) == null) {
        names.add(r.metric());
      }
    }
    out.writeStopBit(names.size());
    names.forEach(out::writeUtf8);
    out.writeStopBit(batch.readings().size());
    for (Reading r : batch.readings()) {
      out.writeLong(r.streamEpoch());
      out.writeLong(r.seq());
      out.writeStopBit(metrics.get(r.metric()));
      out.writeDouble(r.value());
      out.writeLong(r.eventTimeMs());
    }
  }

  /**
   * Reads one entry.
   *
   * @throws IllegalStateException if the bytes are not a journal entry of this version
   */
  static JournalEntry read(Bytes<?> in) {
    byte type = in.readByte();
    long timeMs = in.readLong();
    return switch (type) {
      case TICK -> new JournalEntry.Tick(timeMs);
      case BATCH -> readBatch(timeMs, in);
      case STATUS -> new JournalEntry.Status(timeMs, in.readUtf8(), in.readBoolean());
      default -> throw new IllegalStateException("unknown journal entry type " + type);
    };
  }

  private static JournalEntry.Batch readBatch(long timeMs, Bytes<?> in) {
    String deviceId = in.readUtf8();
    int metricCount = Math.toIntExact(in.readStopBit());
    String[] names = new String[metricCount];
    for (int i = 0; i < metricCount; i++) {
      names[i] = in.readUtf8();
    }
    int count = Math.toIntExact(in.readStopBit());
    List<Reading> readings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long epoch = in.readLong();
      long seq = in.readLong();
      String metric = names[Math.toIntExact(in.readStopBit())];
      double value = in.readDouble();
      long eventTimeMs = in.readLong();
      readings.add(new Reading(deviceId, epoch, seq, metric, value, eventTimeMs));
    }
    return new JournalEntry.Batch(timeMs, deviceId, readings);
  }
}
