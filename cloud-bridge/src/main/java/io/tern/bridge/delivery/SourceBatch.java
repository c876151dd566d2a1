package io.tern.bridge.delivery;

import io.tern.bridge.output.Output;
import java.util.List;

/**
 * Entries read from the output log in one go.
 *
 * @param outputs the decodable entries, in log order
 * @param undecodable entries that were skipped because they could not be decoded
 * @param lastPosition source-specific position of the last entry read (decodable or not); {@link
 *     OutputSource#commit} advances past it
 */
public record SourceBatch(List<Output> outputs, int undecodable, long lastPosition) {

  public SourceBatch {
    outputs = List.copyOf(outputs);
    if (undecodable < 0) {
      throw new IllegalArgumentException("undecodable must be >= 0, was " + undecodable);
    }
  }
}
