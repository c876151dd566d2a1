package io.tern.agent;

import io.tern.agent.outbox.Outbox;
import io.tern.agent.publish.Publisher;
import io.tern.agent.publish.PublisherSettings;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge agent of one device: readings are appended to a durable outbox (and get their seq)
 * before anything else, then a publisher thread sends them to the gateway over MQTT and replays
 * from the acknowledged position after any outage or restart.
 *
 * <p>Threads: {@link #record} and {@link #stats} may be called from any thread; {@link #close} from
 * any thread except the publisher's. Starting never waits for the broker.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Duration BACKOFF_INITIAL = Duration.ofMillis(200);
  private static final Duration BACKOFF_CAP = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final AgentConfig config;
  private final Outbox outbox;
  private final Publisher publisher;
  private final ScheduledExecutorService maintenance;
  private final Object closeLock = new Object();
  private volatile boolean closed;

  private Agent(AgentConfig config, Outbox outbox, Publisher publisher) {
    this.config = config;
    this.outbox = outbox;
    this.publisher = publisher;
    // Outbox housekeeping: age drops while idle, deleting acknowledged files, retrying the gaps
    // file.
    this.maintenance =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tern-agent-outbox-" + config.deviceId());
              t.setDaemon(true);
              return t;
            });
    this.maintenance.scheduleWithFixedDelay(this::maintainOutbox, 1, 1, TimeUnit.SECONDS);
  }

  /** Starts an agent on the system clock. */
  public static Agent start(AgentConfig config) {
    return start(config, InstantSource.system());
  }

  /**
   * Opens the outbox and starts the publisher thread; returns without waiting for the broker.
   *
   * @param clock stamps sent-at and status times and rolls outbox files
   * @throws java.io.UncheckedIOException if the outbox cannot be opened
   * @throws IllegalStateException if the outbox metadata is unreadable or inconsistent
   * @throws IllegalArgumentException if the TLS files of the configuration cannot be used
   */
  public static Agent start(AgentConfig config, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Outbox outbox = Outbox.open(config.dataDir(), clock, config.budget());
    try {
      PublisherSettings settings =
          new PublisherSettings(
              config.deviceId(),
              config.brokerUri(),
              config.batchMaxReadings(),
              config.linger(),
              config.maxInFlight(),
              BACKOFF_INITIAL,
              BACKOFF_CAP,
              CLOSE_TIMEOUT,
              version(),
              config.ackTimeout(),
              config.statusInterval(),
              config.security(),
              config.backlogShare());
      Publisher publisher = new Publisher(settings, outbox, clock, new SecureRandom());
      publisher.start();
      return new Agent(config, outbox, publisher);
    } catch (RuntimeException e) {
      outbox.close();
      throw e;
    }
  }

  /**
   * Appends a reading to the outbox and returns its seq. Durable in the outbox (page cache) when
   * this returns; sent to the gateway in the background.
   *
   * @param metric name, {@code [A-Za-z0-9_.-]{1,64}}
   * @param value any double (non-finite values are passed on for the gateway to judge)
   * @param eventTimeMs when the value was measured, epoch ms
   * @throws IllegalArgumentException if the metric name is invalid
   * @throws IllegalStateException if the agent is closed
   */
  public long record(String metric, double value, long eventTimeMs) {
    if (metric == null || !METRIC.matcher(metric).matches()) {
      throw new IllegalArgumentException(
          "invalid metric name '" + metric + "': expected 1-64 characters of [A-Za-z0-9_.-]");
    }
    if (closed) {
      throw new IllegalStateException("agent of device " + config.deviceId() + " is closed");
    }
    long seq = outbox.append(metric, value, eventTimeMs);
    publisher.wakeUp();
    return seq;
  }

  public AgentStats stats() {
    return new AgentStats(
        config.deviceId(),
        outbox.streamEpoch(),
        outbox.lastSeq(),
        publisher.ackedSeq(),
        publisher.batchesAcked(),
        publisher.quotaRefusals(),
        publisher.connected(),
        outbox.health());
  }

  /**
   * Sends what can be sent within a few seconds while connected, publishes the OFFLINE status,
   * disconnects and closes the outbox. Unsent readings stay in the outbox for the next start.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      maintenance.shutdownNow();
      publisher.close();
      outbox.close();
    }
  }

  private void maintainOutbox() {
    try {
      outbox.maintain();
    } catch (RuntimeException e) {
      log.error("Outbox housekeeping of device {} failed; retrying", config.deviceId(), e);
    }
  }

  private static String version() {
    String version = Agent.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }
}
