package io.tern.gateway.output;

import java.util.Map;

/**
 * The output log's size and delivery, as shown in {@code /api/status} ({@code "outputLog"}).
 *
 * @param bytes bytes written to the log's cycles (files) still on disk
 * @param cycles cycles (hourly files) on disk
 * @param evictedUndelivered entries deleted over budget before every registered consumer delivered
 *     them, since the gateway started
 * @param consumerLag per registered consumer (cloud bridge), entries after its published position
 */
public record OutputLogStatus(
    long bytes, int cycles, long evictedUndelivered, Map<String, Long> consumerLag) {

  public OutputLogStatus {
    consumerLag = Map.copyOf(consumerLag);
  }
}
