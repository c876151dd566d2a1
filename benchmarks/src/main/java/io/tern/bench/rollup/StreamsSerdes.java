package io.tern.bench.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import io.tern.bench.rollup.WindowAggregate.SketchShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary Serdes of the Kafka Streams side: fixed-width fields, and the sketch in DDSketch's
 * own encoding without its index mapping (which is the same for every aggregate). Used on the
 * stream thread only (the aggregate serializer reuses one buffer).
 */
final class StreamsSerdes {

  /** What a reading carries as a Kafka record value (the key is {@code deviceId/metric}). */
  record ReadingValue(double value, long eventTimeMs) {}

  private static final int READING_BYTES = 16;
  private static final int AGGREGATE_FIXED_BYTES = 6 * Long.BYTES + 1;

  private StreamsSerdes() {}

  static byte[] encodeReading(double value, long eventTimeMs) {
    return ByteBuffer.allocate(READING_BYTES).putDouble(value).putLong(eventTimeMs).array();
  }

  static Serde<ReadingValue> readingValue() {
    Serializer<ReadingValue> serializer = (topic, r) -> encodeReading(r.value(), r.eventTimeMs());
    Deserializer<ReadingValue> deserializer =
        (topic, bytes) -> {
          if (bytes.length != READING_BYTES) {
            throw new SerializationException("reading value of " + bytes.length + " bytes");
          }
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          return new ReadingValue(buffer.getDouble(), buffer.getLong());
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  static Serde<WindowAggregate> windowAggregate(SketchShape shape) {
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(256);
    Serializer<WindowAggregate> serializer =
        (topic, agg) -> {
          out.clear();
          out.writeLongLE(agg.count);
          out.writeLongLE(Double.doubleToRawLongBits(agg.min));
          out.writeLongLE(Double.doubleToRawLongBits(agg.max));
          out.writeLongLE(Double.doubleToRawLongBits(agg.sum));
          out.writeLongLE(Double.doubleToRawLongBits(agg.last));
          out.writeLongLE(agg.lastEventTimeMs);
          out.writeByte((byte) (agg.sketch == null ? 0 : 1));
          if (agg.sketch != null) {
            try {
              agg.sketch.encode(out, true);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return out.trimmedCopy();
        };
    Deserializer<WindowAggregate> deserializer =
        (topic, bytes) -> {
          if (bytes.length < AGGREGATE_FIXED_BYTES) {
            throw new SerializationException("aggregate of " + bytes.length + " bytes");
          }
          try {
            ByteArrayInput in = ByteArrayInput.wrap(bytes);
            long count = in.readLongLE();
            double min = Double.longBitsToDouble(in.readLongLE());
            double max = Double.longBitsToDouble(in.readLongLE());
            double sum = Double.longBitsToDouble(in.readLongLE());
            double last = Double.longBitsToDouble(in.readLongLE());
            long lastEventTimeMs = in.readLongLE();
            DDSketch sketch =
                in.readByte() == 0 ? null : DDSketch.decode(in, shape.stores(), shape.mapping());
            WindowAggregate agg = new WindowAggregate(sketch);
            agg.count = count;
            agg.min = min;
            agg.max = max;
            agg.sum = sum;
            agg.last = last;
            agg.lastEventTimeMs = lastEventTimeMs;
            return agg;
          } catch (IOException e) {
            throw new SerializationException("corrupt aggregate", e);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
