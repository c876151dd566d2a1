package io.tern.gateway.journal;

import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.GapReason;
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
 * byte    type: 1 = batch, 2 = tick, 3 = status, 4 = batch with gaps
 * long    timeMs
 * batch:  utf8 deviceId, stopbit metricCount, utf8 metric..., stopbit readingCount,
 *         per reading: long streamEpoch, long seq, stopbit metricIndex, double value, long eventTimeMs
 * status: utf8 deviceId, boolean online
 * batch with gaps: a batch, then stopbit gapCount, per gap: long streamEpoch, long firstSeq,
 *         long lastSeq, byte reason (GapReason ordinal), long reportedAtMs
 * </pre>
 *
 * Stateless; callers own the {@link Bytes}.
 */
final class JournalCodec {
  static final byte BATCH = 1;
  static final byte TICK = 2;
  static final byte STATUS = 3;
  static final byte BATCH_WITH_GAPS = 4;

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
    out.writeByte(batch.gaps().isEmpty() ? BATCH : BATCH_WITH_GAPS);
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
    if (batch.gaps().isEmpty()) {
      return;
    }
    out.writeStopBit(batch.gaps().size());
    for (DataGap gap : batch.gaps()) {
      out.writeLong(gap.streamEpoch());
      out.writeLong(gap.firstSeq());
      out.writeLong(gap.lastSeq());
      out.writeByte((byte) gap.reason().ordinal());
      out.writeLong(gap.reportedAtMs());
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
      case BATCH -> readBatch(timeMs, in, false);
      case BATCH_WITH_GAPS -> readBatch(timeMs, in, true);
      case STATUS -> new JournalEntry.Status(timeMs, in.readUtf8(), in.readBoolean());
      default -> throw new IllegalStateException("unknown journal entry type " + type);
    };
  }

  private static JournalEntry.Batch readBatch(long timeMs, Bytes<?> in, boolean withGaps) {
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
    if (!withGaps) {
      return new JournalEntry.Batch(timeMs, deviceId, readings);
    }
    int gapCount = Math.toIntExact(in.readStopBit());
    List<DataGap> gaps = new ArrayList<>(gapCount);
    GapReason[] reasons = GapReason.values();
    for (int i = 0; i < gapCount; i++) {
      long epoch = in.readLong();
      long first = in.readLong();
      long last = in.readLong();
      int reason = in.readByte();
      if (reason < 0 || reason >= reasons.length) {
        throw new IllegalStateException("unknown gap reason " + reason + " in a journal entry");
      }
      gaps.add(new DataGap(deviceId, epoch, first, last, reasons[reason], in.readLong()));
    }
    return new JournalEntry.Batch(timeMs, deviceId, readings, gaps);
  }
}
