package io.tern.bench.detection;

import io.tern.gateway.core.model.Reading;
import java.util.List;

/** Labelled data that can be replayed in event-time order. */
public interface DataSet {

  /** Receives the batches of a replay, in non-decreasing event time. */
  @FunctionalInterface
  interface BatchSink {
    /** One device's readings at one event time. */
    void accept(List<Reading> batch, long eventTimeMs);
  }

  /** Short name for the tables, e.g. {@code skab}. */
  String name();

  /** Sends every batch to {@code sink} in non-decreasing event time and returns the labels. */
  GroundTruth replay(BatchSink sink);
}
