package io.tern.bench.noisy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FloodWorkerTest {
  @Test
  void counts_surviveTheWayFromTheFloodersJvm() throws Exception {
    FloodTally tally = new FloodTally();
    tally.attempted(FloodKind.GARBAGE);
    tally.attempted(FloodKind.NON_FINITE);
    tally.attempted(FloodKind.NON_FINITE);
    tally.pubAck(FloodKind.GARBAGE, "PAYLOAD_FORMAT_INVALID (0x99)", false);
    tally.pubAck(FloodKind.NON_FINITE, "SUCCESS (0x00)", true);
    tally.noPuback(FloodKind.NON_FINITE, "ConnectionClosedException");
    tally.disconnected("DISCONNECT PAYLOAD_FORMAT_INVALID");
    FloodCounts sent = tally.snapshot();

    String line = FloodWorker.encode(sent);
    FloodCounts received = FloodWorker.decode(line);

    assertThat(line).doesNotContain("\n");
    assertThat(received).isEqualTo(sent);
    assertThat(received.attemptedByKind()).containsEntry(FloodKind.NON_FINITE, 2L);
    assertThat(received.outcomesOf(FloodKind.NON_FINITE))
        .containsEntry("no PUBACK (ConnectionClosedException)", 1L);
  }
}
