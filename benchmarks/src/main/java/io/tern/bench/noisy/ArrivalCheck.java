package io.tern.bench.noisy;

import io.tern.bench.ingest.FleetTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Did every reading of the well-behaved devices arrive? Compares what the devices sent, what the
 * gateway acknowledged, and what its status API counts: {@code /api/status} readings processed and
 * {@code /api/devices} readings accepted per device. Pure.
 *
 * @param readingsSent readings the devices put into batches
 * @param readingsAcked readings acknowledged with a success PUBACK
 * @param publishErrors publishes that failed without a PUBACK (their readings were given up)
 * @param unanswered batches still in flight or waiting after the drain
 * @param statusReadings {@code readings} of {@code /api/status}: processed by the pipeline, all
 *     devices (the flooder's included, which should be none)
 * @param devices well-behaved devices
 * @param devicesMatching devices whose accepted readings equal the readings they sent
 * @param mismatches the first few devices that differ, e.g. {@code bench-00007 sent 600, accepted
 *     590}
 * @param duplicates readings of the devices the gateway dropped as duplicates (resent after a
 *     refusal or a late PUBACK; not a loss)
 * @param deadLettersOnDevices dead letters counted on the devices' ids (the flooder's spoofs)
 * @param othersAccepted readings accepted for ids that are not well-behaved devices (the flooder)
 */
public record ArrivalCheck(
    long readingsSent,
    long readingsAcked,
    long publishErrors,
    long unanswered,
    long statusReadings,
    int devices,
    int devicesMatching,
    List<String> mismatches,
    long duplicates,
    long deadLettersOnDevices,
    long othersAccepted) {

  static final int MAX_MISMATCHES_SHOWN = 5;

  /** One device of {@code /api/devices}. */
  public record ApiDevice(long readingsAccepted, long duplicates, long deadLetters) {}

  public ArrivalCheck {
    mismatches = List.copyOf(mismatches);
  }

  /**
   * @param sentByDevice readings each well-behaved device sent
   * @param totals the load generator's counters after the drain
   * @param statusReadings {@code /api/status} readings
   * @param apiDevices {@code /api/devices} by device id
   */
  public static ArrivalCheck of(
      Map<String, Long> sentByDevice,
      FleetTotals totals,
      long statusReadings,
      Map<String, ApiDevice> apiDevices) {
    int matching = 0;
    long duplicates = 0;
    long deadLetters = 0;
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, Long> device : sentByDevice.entrySet()) {
      ApiDevice api = apiDevices.getOrDefault(device.getKey(), new ApiDevice(0, 0, 0));
      duplicates += api.duplicates();
      deadLetters += api.deadLetters();
      if (api.readingsAccepted() == device.getValue()) {
        matching++;
      } else if (mismatches.size() < MAX_MISMATCHES_SHOWN) {
        mismatches.add(
            "%s sent %,d, accepted %,d"
                .formatted(device.getKey(), device.getValue(), api.readingsAccepted()));
      }
    }
    long others =
        apiDevices.entrySet().stream()
            .filter(e -> !sentByDevice.containsKey(e.getKey()))
            .mapToLong(e -> e.getValue().readingsAccepted())
            .sum();
    return new ArrivalCheck(
        totals.readingsSent(),
        totals.readingsAcked(),
        totals.errors(),
        totals.inflight() + totals.backlog(),
        statusReadings,
        sentByDevice.size(),
        matching,
        mismatches,
        duplicates,
        deadLetters,
        others);
  }

  /** Everything sent was acknowledged, and the gateway counts exactly that, device by device. */
  public boolean allArrived() {
    return readingsSent == readingsAcked
        && publishErrors == 0
        && unanswered == 0
        && statusReadings == readingsAcked
        && devicesMatching == devices
        && othersAccepted == 0;
  }
}
