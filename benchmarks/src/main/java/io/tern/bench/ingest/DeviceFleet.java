package io.tern.bench.ingest;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator: N simulated devices, each its own MQTT v5 connection (client id = device id)
 * publishing {@code TelemetryBatch}es at QoS 1 on {@code tern/v1/telemetry/{deviceId}}.
 *
 * <p>Uses the HiveMQ MQTT client: all connections share a few Netty event-loop threads and publish
 * asynchronously, where Paho would need about three threads per connection (3,000 threads for 1,000
 * devices) and caps in-flight publishes below the server's Receive Maximum (STACK.md).
 *
 * <p>Threading: created, started, stopped and closed by the control thread; a pacer thread (rate
 * mode) and a retry thread of its own; PUBACKs arrive on the MQTT client's threads.
 */
public final class DeviceFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceFleet.class);
  private static final long PACER_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /**
   * @param devices simulated devices (connections)
   * @param readingsPerBatch readings per published batch
   * @param inflight batches in flight per device
   * @param readingsPerSecond open-loop target over all devices; 0 = as fast as PUBACKs come back
   * @param seed seeds stream epochs and values
   */
  public record Settings(
      int devices, int readingsPerBatch, int inflight, long readingsPerSecond, long seed) {
    boolean maxThroughput() {
      return readingsPerSecond <= 0;
    }
  }

  private final Settings settings;
  private final List<SimulatedDevice> devices;
  private final SimulatedDevice.Counters counters;
  private final ScheduledExecutorService retries;
  private volatile Thread pacer;
  private volatile boolean pacing;

  private DeviceFleet(
      Settings settings,
      List<SimulatedDevice> devices,
      SimulatedDevice.Counters counters,
      ScheduledExecutorService retries) {
    this.settings = settings;
    this.devices = devices;
    this.counters = counters;
    this.retries = retries;
  }

  /**
   * Connects all devices in parallel to {@code 127.0.0.1:port}, without a receipt-latency
   * subscriber.
   *
   * @throws IllegalStateException if a device cannot connect within {@code timeout}
   */
  public static DeviceFleet connect(
      int port, Settings settings, LatencyRecorder ackLatency, Duration timeout) {
    return connect(port, settings, ackLatency, null, timeout);
  }

  /**
   * Connects all devices in parallel to {@code 127.0.0.1:port}.
   *
   * @param sendTimes where first-publish times go for a receipt-latency subscriber, or null
   * @throws IllegalStateException if a device cannot connect within {@code timeout}
   */
  static DeviceFleet connect(
      int port,
      Settings settings,
      LatencyRecorder ackLatency,
      SendTimes sendTimes,
      Duration timeout) {
    ScheduledExecutorService retries =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-publish-retry"));
    SimulatedDevice.Counters counters = new SimulatedDevice.Counters();
    SplittableRandom random = new SplittableRandom(settings.seed());
    List<SimulatedDevice> devices = new ArrayList<>(settings.devices());
    List<CompletableFuture<?>> connects = new ArrayList<>(settings.devices());
    for (int i = 0; i < settings.devices(); i++) {
      String deviceId = "bench-%05d".formatted(i);
      Mqtt5AsyncClient client =
          Mqtt5Client.builder()
              .identifier(deviceId)
              .serverHost("127.0.0.1")
              .serverPort(port)
              .buildAsync();
      BatchFactory batches =
          new BatchFactory(
              deviceId, random.nextLong(), settings.readingsPerBatch(), random.nextLong());
      devices.add(
          new SimulatedDevice(
              client,
              batches,
              settings.inflight(),
              settings.maxThroughput(),
              counters,
              ackLatency,
              sendTimes,
              retries));
      connects.add(client.connectWith().cleanStart(true).keepAlive(60).send());
    }
    DeviceFleet fleet = new DeviceFleet(settings, List.copyOf(devices), counters, retries);
    try {
      CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      fleet.close();
      throw new IllegalStateException(
          "could not connect " + settings.devices() + " devices within " + timeout + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fleet.close();
      throw new IllegalStateException("interrupted while connecting devices", e);
    }
    return fleet;
  }

  /** Starts publishing: at once up to the window (max mode) or on the pacer's schedule. */
  public void start() {
    devices.forEach(d -> d.sending(true));
    if (settings.maxThroughput()) {
      devices.forEach(SimulatedDevice::pump);
    } else {
      pacing = true;
      Thread thread = new Thread(this::pace, "bench-pacer");
      thread.setDaemon(true);
      pacer = thread;
      thread.start();
    }
  }

  /**
   * Rate mode: hands out batches round-robin, each due at its exact scheduled time ({@code
   * readingsPerSecond / readingsPerBatch} batches per second over all devices).
   */
  private void pace() {
    double batchesPerSecond = (double) settings.readingsPerSecond() / settings.readingsPerBatch();
    double intervalNanos = 1e9 / batchesPerSecond;
    long start = System.nanoTime();
    long issued = 0;
    int next = 0;
    while (pacing) {
      long now = System.nanoTime();
      long due = (long) ((now - start) / intervalNanos);
      for (; issued < due && pacing; issued++) {
        devices.get(next).offer(start + (long) (issued * intervalNanos));
        next = (next + 1) % devices.size();
      }
      try {
        TimeUnit.NANOSECONDS.sleep(PACER_TICK_NANOS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops publishing new batches; in-flight ones (and their retries) still complete. */
  public void stopSending() {
    pacing = false;
    Thread thread = pacer;
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    devices.forEach(d -> d.sending(false));
  }

  public FleetTotals totals() {
    long inflight = 0;
    long backlog = 0;
    for (SimulatedDevice device : devices) {
      inflight += device.inflight();
      backlog += device.backlog();
    }
    return new FleetTotals(
        counters.messagesSent().sum(),
        counters.readingsSent().sum(),
        counters.messagesAcked().sum(),
        counters.readingsAcked().sum(),
        counters.refused().sum(),
        counters.errors().sum(),
        inflight,
        backlog);
  }

  /** The devices' ids (their MQTT client ids and topic levels), in connection order. */
  public List<String> deviceIds() {
    return devices.stream().map(SimulatedDevice::deviceId).toList();
  }

  /** Readings each device has put into batches so far (published or about to be), by device id. */
  public Map<String, Long> readingsSentByDevice() {
    Map<String, Long> sent = new LinkedHashMap<>();
    devices.forEach(d -> sent.put(d.deviceId(), d.readingsSent()));
    return sent;
  }

  /** Refusals so far by PUBACK reason code (and reason string), e.g. {@code QUOTA_EXCEEDED=12}. */
  public String refusalsByReason() {
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(counters.refusedBy())
        .forEach(
            (reason, count) ->
                out.append(out.isEmpty() ? "" : ", ")
                    .append(reason)
                    .append(" x")
                    .append(count.sum()));
    return out.toString();
  }

  /** Stops sending and disconnects every device (in parallel, waiting up to 30 s). */
  @Override
  public void close() {
    stopSending();
    retries.shutdownNow();
    List<CompletableFuture<?>> disconnects = new ArrayList<>(devices.size());
    for (SimulatedDevice device : devices) {
      if (device.client().getState().isConnected()) {
        disconnects.add(device.client().disconnect());
      }
    }
    try {
      CompletableFuture.allOf(disconnects.toArray(CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Not every simulated device disconnected cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
