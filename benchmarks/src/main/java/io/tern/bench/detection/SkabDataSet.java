package io.tern.bench.detection;

import io.tern.gateway.core.model.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * SKAB as a fleet: each file is one device, each row one batch of one reading per value column (one
 * fixed {@code streamEpoch} per file; {@code seq} = row index × columns + column index, since the
 * pipeline dedupes by {@code (deviceId, streamEpoch, seq)} per reading), all files merged into one
 * event-time order. Labels are device-scoped: a row is anomalous when its {@code anomaly} is 1, and
 * each maximal run of anomalous rows of a file is one segment, of the kind of the file's folder
 * ({@code valve1}, {@code valve2}, {@code other}). The anomaly-free file is a device without
 * segments (any alert there is a false alarm).
 */
public final class SkabDataSet implements DataSet {
  private final List<SkabFile> files;

  public SkabDataSet(List<SkabFile> files) {
    this.files = List.copyOf(files);
  }

  @Override
  public String name() {
    return "skab";
  }

  @Override
  public GroundTruth replay(BatchSink sink) {
    record Cursor(int file, int row, long timeMs) {}
    PriorityQueue<Cursor> next =
        new PriorityQueue<>(
            (a, b) ->
                a.timeMs() != b.timeMs()
                    ? Long.compare(a.timeMs(), b.timeMs())
                    : Integer.compare(a.file(), b.file()));
    for (int f = 0; f < files.size(); f++) {
      next.add(new Cursor(f, 0, files.get(f).timesMs()[0]));
    }
    while (!next.isEmpty()) {
      Cursor c = next.poll();
      SkabFile file = files.get(c.file());
      sink.accept(batch(file, c.file(), c.row()), c.timeMs());
      int row = c.row() + 1;
      if (row < file.rows()) {
        next.add(new Cursor(c.file(), row, file.timesMs()[row]));
      }
    }
    return groundTruth();
  }

  private static List<Reading> batch(SkabFile file, int fileIndex, int row) {
    long epoch = 0x5CAB_0000L + fileIndex;
    List<Reading> batch = new ArrayList<>(file.metrics().size());
    for (int m = 0; m < file.metrics().size(); m++) {
      batch.add(
          new Reading(
              file.deviceId(),
              epoch,
              (long) row * file.metrics().size() + m,
              file.metrics().get(m),
              file.values()[row][m],
              file.timesMs()[row]));
    }
    return batch;
  }

  /** Rows and segments of every file (device-scoped). */
  GroundTruth groundTruth() {
    List<LabelledRows> rows = new ArrayList<>();
    List<Segment> segments = new ArrayList<>();
    for (SkabFile f : files) {
      rows.add(new LabelledRows(f.deviceId(), "", f.timesMs(), f.anomalous()));
      int start = f.anomalous().nextSetBit(0);
      while (start >= 0 && start < f.rows()) {
        int end = f.anomalous().nextClearBit(start);
        long endMs = f.timesMs()[end - 1] + 1;
        segments.add(new Segment(f.deviceId(), "", f.group(), f.timesMs()[start], endMs));
        start = f.anomalous().nextSetBit(end);
      }
    }
    return new GroundTruth(name(), GroundTruth.Scope.DEVICE, rows, segments);
  }
}
