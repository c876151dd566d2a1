package io.tern.bench.noisy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bench.ingest.FleetTotals;
import io.tern.bench.noisy.ArrivalCheck.ApiDevice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrivalCheckTest {
  private static final Map<String, Long> SENT = sent(600, 400);

  private static Map<String, Long> sent(long a, long b) {
    Map<String, Long> sent = new LinkedHashMap<>();
    sent.put("bench-00000", a);
    sent.put("bench-00001", b);
    return sent;
  }

  private static FleetTotals totals(long sent, long acked, long errors, long inflight) {
    return new FleetTotals(sent / 10, sent, acked / 10, acked, 0, errors, inflight, 0);
  }

  private static Map<String, ApiDevice> api(long a, long b, long flooder) {
    Map<String, ApiDevice> devices = new LinkedHashMap<>();
    devices.put("bench-00000", new ApiDevice(a, 0, 3));
    devices.put("bench-00001", new ApiDevice(b, 10, 0));
    devices.put("noisy-flooder", new ApiDevice(flooder, 0, 500));
    return devices;
  }

  @Test
  void everythingCountedOnce_allArrived() {
    ArrivalCheck check = ArrivalCheck.of(SENT, totals(1000, 1000, 0, 0), 1000, api(600, 400, 0));

    assertThat(check.allArrived()).isTrue();
    assertThat(check.devicesMatching()).isEqualTo(2);
    assertThat(check.duplicates()).isEqualTo(10);
    assertThat(check.deadLettersOnDevices()).isEqualTo(3);
  }

  @Test
  void aDeviceShort_isNamed() {
    ArrivalCheck check = ArrivalCheck.of(SENT, totals(1000, 1000, 0, 0), 990, api(590, 400, 0));

    assertThat(check.allArrived()).isFalse();
    assertThat(check.mismatches()).containsExactly("bench-00000 sent 600, accepted 590");
  }

  @Test
  void aDeviceTheGatewayNeverSaw_isShort() {
    Map<String, ApiDevice> missing = api(600, 400, 0);
    missing.remove("bench-00001");

    ArrivalCheck check = ArrivalCheck.of(SENT, totals(1000, 1000, 0, 0), 1000, missing);

    assertThat(check.allArrived()).isFalse();
    assertThat(check.mismatches()).containsExactly("bench-00001 sent 400, accepted 0");
  }

  @Test
  void floodersReadingsAccepted_isNotAllArrived_evenIfTheDevicesMatch() {
    ArrivalCheck check = ArrivalCheck.of(SENT, totals(1000, 1000, 0, 0), 1010, api(600, 400, 10));

    assertThat(check.othersAccepted()).isEqualTo(10);
    assertThat(check.allArrived()).isFalse();
  }

  @Test
  void unackedOrFailedPublishes_areNotAllArrived() {
    assertThat(ArrivalCheck.of(SENT, totals(1000, 990, 0, 1), 990, api(600, 400, 0)).allArrived())
        .isFalse();
    assertThat(ArrivalCheck.of(SENT, totals(1000, 1000, 1, 0), 1000, api(600, 400, 0)).allArrived())
        .isFalse();
  }

  @Test
  void mismatchesShown_areCapped() {
    Map<String, Long> many = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      many.put("d" + i, 10L);
    }

    ArrivalCheck check = ArrivalCheck.of(many, totals(200, 200, 0, 0), 0, Map.of());

    assertThat(check.devicesMatching()).isZero();
    assertThat(check.mismatches()).hasSize(ArrivalCheck.MAX_MISMATCHES_SHOWN);
  }
}
