package io.tern.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.bridge.cli.BridgeCommand;
import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.proto.v1.GatewayOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract every sink fulfils, run against each real sink by a subclass: every output
 * delivered, in order per device and kind; a restart resumes where delivery stopped without loss;
 * after {@code kill -9} of the bridge process nothing is lost, and outputs repeat only if the sink
 * is at-least-once ({@link #guarantee()}); then every id still appears in order of first arrival.
 */
abstract class SinkContract {

  private static final Logger LOG = LoggerFactory.getLogger(SinkContract.class);
  static final Duration PATIENCE = Duration.ofSeconds(45);

  /** One delivered output as the sink's consumer sees it. */
  record Delivered(String kind, String deviceId, String id) {}

  @TempDir Path dir;
  private String testId;

  /** Command-line options selecting and configuring the sink for test {@code testId}. */
  abstract List<String> sinkArgs(String testId);

  /** Everything delivered for {@code testId} so far, in the order the sink's consumer saw it. */
  abstract List<Delivered> delivered(String testId) throws Exception;

  /** Called before any bridge of {@code testId} starts (e.g. to subscribe). */
  void beforeBridge(String testId) throws Exception {}

  abstract DeliveryGuarantee guarantee();

  @Test
  void deliversEveryOutputInOrderPerDevice(TestInfo info) throws Exception {
    String id = start(info);
    List<GatewayOutput> written = new ArrayList<>();
    for (String device : List.of("dev-a", "dev-b", "dev-c")) {
      written.addAll(write(device, 0, 8));
    }
    try (Bridge bridge = Bridge.start(config(id))) {
      await().atMost(PATIENCE).until(() -> delivered(id).size() >= written.size());
      assertThat(bridge.stats().rollupsDelivered()).isEqualTo(24);
      assertThat(bridge.stats().alertsDelivered()).isEqualTo(24);
      assertThat(bridge.stats().lag()).isZero();
    }
    assertThat(perStream(delivered(id))).isEqualTo(expected(written));
  }

  @Test
  void restartResumesWhereDeliveryStoppedWithoutLossOrRepeats(TestInfo info) throws Exception {
    String id = start(info);
    List<GatewayOutput> written = new ArrayList<>(write("dev-r", 0, 5));
    try (Bridge bridge = Bridge.start(config(id))) {
      await().atMost(PATIENCE).until(() -> bridge.stats().alertsDelivered() == 5);
    }
    written.addAll(write("dev-r", 5, 4));
    written.addAll(write("dev-s", 0, 3));
    try (Bridge bridge = Bridge.start(config(id))) {
      await().atMost(PATIENCE).until(() -> bridge.stats().rollupsDelivered() == 7);
      await().atMost(PATIENCE).until(() -> delivered(id).size() >= written.size());
    }
    // A clean stop commits what was delivered, so even an at-least-once sink repeats nothing.
    assertThat(perStream(delivered(id))).isEqualTo(expected(written));
  }

  @Test
  void killNineLosesNothingAndRepeatsOnlyWhereTheContractAllows(TestInfo info) throws Exception {
    String id = start(info);
    long seed = Long.getLong("tern.crash.seed", System.nanoTime());
    LOG.info("{} seed {}", id, seed);
    Random random = new Random(seed);
    Path outputLog = dir.resolve("output");
    String[] args = args(id);
    Path logs = Path.of("target", "sink-contract-logs", id + "-" + seed);
    int total = 600;
    try (RollupFeed feed = RollupFeed.start(id, outputLog, 3, total, 6, 30)) {
      for (int i = 1; i <= 2; i++) {
        try (BridgeProcess bridge = BridgeProcess.start(logs.resolve(i + ".log"), args)) {
          await().atMost(PATIENCE).until(() -> bridge.logged("Sink reachable"));
          assertThat(bridge.exitedWithin(200 + random.nextInt(1_200))).isFalse();
          bridge.killHard();
        }
      }
      assertThat(feed.awaitAllWritten(PATIENCE.toSeconds())).isTrue();
      try (BridgeProcess last = BridgeProcess.start(logs.resolve("last.log"), args)) {
        await().atMost(PATIENCE).until(() -> new LinkedHashSet<>(delivered(id)).size() >= total);
        assertThat(last.stop()).isIn(0, 143);
      }
      List<Delivered> all = delivered(id);
      Map<String, List<String>> firstArrivals = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : perStream(all).entrySet()) {
        firstArrivals.put(
            e.getKey().substring("ROLLUP ".length()),
            new ArrayList<>(new LinkedHashSet<>(e.getValue())));
      }
      assertThat(firstArrivals).isEqualTo(feed.expectedIdsPerDevice());
      if (guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
        assertThat(all).as("no repeats for an exactly-once sink").hasSize(total);
      } else {
        LOG.info("{}: {} repeats after 2 x kill -9 (allowed)", id, all.size() - total);
      }
    }
  }

  private String start(TestInfo info) throws Exception {
    testId =
        getClass().getSimpleName().replace("SinkContractIT", "").toLowerCase()
            + "-"
            + info.getTestMethod().orElseThrow().getName().substring(0, 8);
    beforeBridge(testId);
    return testId;
  }

  private String[] args(String id) {
    return Stream.concat(
            Stream.of("--output-log", dir.resolve("output").toString(), "--bridge-id", id),
            sinkArgs(id).stream())
        .toArray(String[]::new);
  }

  private BridgeConfig config(String id) {
    return BridgeCommand.parseConfig(args(id));
  }

  private List<GatewayOutput> write(String device, int from, int count) {
    List<GatewayOutput> written = new ArrayList<>();
    try (OutputLogWriter writer = new OutputLogWriter(dir.resolve("output"))) {
      for (int i = from; i < from + count; i++) {
        written.add(OutputLogWriter.rollup(device, "temp", i * 60_000L));
        written.add(OutputLogWriter.alert(device, "temp", i * 60_000L + 5));
      }
      written.forEach(writer::write);
    }
    return written;
  }

  /** Ids per "KIND device" stream, in log order. */
  private static Map<String, List<String>> expected(List<GatewayOutput> written) {
    List<Delivered> asDelivered = new ArrayList<>();
    for (GatewayOutput o : written) {
      if (o.hasRollup()) {
        asDelivered.add(
            new Delivered("ROLLUP", o.getRollup().getDeviceId(), o.getRollup().getId()));
      } else {
        asDelivered.add(new Delivered("ALERT", o.getAlert().getDeviceId(), o.getAlert().getId()));
      }
    }
    return perStream(asDelivered);
  }

  private static Map<String, List<String>> perStream(List<Delivered> delivered) {
    Map<String, List<String>> streams = new LinkedHashMap<>();
    for (Delivered d : delivered) {
      streams.computeIfAbsent(d.kind() + " " + d.deviceId(), k -> new ArrayList<>()).add(d.id());
    }
    return new java.util.TreeMap<>(streams);
  }
}
