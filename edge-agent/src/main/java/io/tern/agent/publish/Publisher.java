package io.tern.agent.publish;

import io.tern.agent.outbox.Outbox;
import io.tern.agent.publish.SessionEvent.Acked;
import io.tern.agent.publish.SessionEvent.ConnectFailed;
import io.tern.agent.publish.SessionEvent.Connected;
import io.tern.agent.publish.SessionEvent.ConnectionLost;
import io.tern.agent.publish.SessionEvent.PublishFailed;
import io.tern.agent.publish.SessionEvent.QuotaExceeded;
import io.tern.agent.publish.SessionEvent.Rejected;
import io.tern.agent.wire.TelemetryMapper;
import java.time.InstantSource;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a connection to the gateway and sends the outbox over it (through a {@link StreamSender}):
 * connects in the background, publishes the retained ONLINE status (the will says OFFLINE) and then
 * a retained status every status interval, persists the acknowledged position on PUBACK, and on any
 * problem drops the connection, reconnects with backoff and replays from the acknowledged position:
 * on its own lane, beside the live readings, which go first (see {@link StreamSender}). A
 * connection whose PUBACKs stop for the ack timeout while batches are in flight is such a problem
 * too (see {@link AckWatchdog}). A PUBACK 0x97 (quota exceeded) is not: the connection stays,
 * sending pauses for a while that grows while 0x97 keeps coming, and the refused batches go again
 * (see {@link StreamSender}, {@link QuotaPause}); other PUBACK errors drop the connection.
 *
 * <p>Threads: one thread, {@code tern-agent-publisher-<deviceId>}, owns all non-volatile state and
 * makes every Paho call. Paho's threads only enqueue {@link SessionEvent}s and wake it. {@link
 * #wakeUp}, the getters and {@link #close} may be called from any other thread.
 */
public final class Publisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Publisher.class);
  private static final int CONNECT_TIMEOUT_SECONDS = 10;
  private static final long IDLE_PARK_MS = 1_000;
  private static final long STATUS_TIMEOUT_MS = 2_000;
  private static final long STATUS_RETRY_MS = 100;

  /** A status refused with 0x97 goes again this much later (not a whole status interval). */
  private static final long STATUS_QUOTA_RETRY_MS = 1_000;

  private static final long QUOTA_WARN_INTERVAL_MS = 30_000;

  private final PublisherSettings settings;
  private final Outbox outbox;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final ReconnectBackoff backoff;
  private final AckWatchdog watchdog;
  private final Queue<SessionEvent> events = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private final SSLSocketFactory tls;

  // Owned by the publisher thread.
  private StreamSender sender;
  private MqttSession session;
  private boolean sessionUp;
  private int generation;
  private long nextConnectAtMs;
  private boolean failedWhileClosing;
  private boolean acksArrived;
  private long nextStatusAtMs;
  private IMqttToken pendingStatus;
  private String lastProblem;
  private long lastQuotaWarnAtMs = Long.MIN_VALUE;

  // Read by any thread.
  private volatile boolean connected;
  private volatile long ackedSeq;
  private volatile long batchesAcked;
  private volatile long stalledLinks;
  private volatile long statusesSent;
  private volatile long quotaRefusals;
  private volatile boolean closing;
  private volatile long closeDeadlineMs;

  /**
   * @throws IllegalArgumentException if the TLS files of the settings cannot be used
   */
  public Publisher(
      PublisherSettings settings, Outbox outbox, InstantSource clock, RandomGenerator random) {
    this.settings = settings;
    this.outbox = outbox;
    this.clock = clock;
    this.random = random;
    this.backoff = new ReconnectBackoff(settings.backoffInitial(), settings.backoffCap(), random);
    this.watchdog = new AckWatchdog(settings.ackTimeout().toMillis());
    this.ackedSeq = outbox.ackedAtOpen().seq();
    this.tls = PemTls.socketFactory(settings.security());
    this.thread = new Thread(this::run, "tern-agent-publisher-" + settings.deviceId());
    this.thread.setDaemon(true);
  }

  /** Starts the publisher thread; returns at once (connecting happens in the background). */
  public void start() {
    thread.start();
  }

  /** Tells the publisher there is something new to do (readings appended, an event). */
  public void wakeUp() {
    LockSupport.unpark(thread);
  }

  public boolean connected() {
    return connected;
  }

  public long ackedSeq() {
    return ackedSeq;
  }

  public long batchesAcked() {
    return batchesAcked;
  }

  /** Connections dropped because their PUBACKs stopped for the ack timeout. */
  public long stalledLinks() {
    return stalledLinks;
  }

  /** Batches the gateway refused with PUBACK 0x97 (quota exceeded); each was sent again. */
  public long quotaRefusals() {
    return quotaRefusals;
  }

  /** Periodic status messages handed to the connection (birth and goodbye not counted). */
  public long statusesSent() {
    return statusesSent;
  }

  /**
   * Sends what it can within the close timeout (if connected or connecting), publishes the OFFLINE
   * status, disconnects and stops the thread. Idempotent.
   */
  @Override
  public void close() {
    if (!closing) {
      closeDeadlineMs = clock.millis() + settings.closeTimeout().toMillis();
      closing = true;
    }
    wakeUp();
    try {
      thread.join(settings.closeTimeout().toMillis() + 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("Publisher of device {} did not stop in time", settings.deviceId());
    }
  }

  private void run() {
    try (StreamSender streamSender = new StreamSender(settings, outbox, random)) {
      sender = streamSender;
      while (!shouldStop()) {
        handleEvents();
        long now = clock.millis();
        if (session == null && (closing || now >= nextConnectAtMs)) {
          connect();
        }
        if (sessionUp) {
          pump(now);
        }
        if (sessionUp) {
          checkAcks(now);
        }
        if (sessionUp) {
          retryStatusRefusedWithQuota(now);
        }
        if (sessionUp && now >= nextStatusAtMs) {
          sendStatus(now);
        }
        park(now);
      }
      shutdownSession();
    } catch (RuntimeException e) {
      log.error(
          "Publisher of device {} stopped on an unexpected error; readings stay in the outbox",
          settings.deviceId(),
          e);
      if (session != null) {
        session.closeForcibly();
      }
    } finally {
      connected = false;
    }
  }

  /**
   * When closing: stop once everything is acknowledged, or the close timeout passed, or the
   * connection (or a last attempt, made at once when closing) failed.
   */
  private boolean shouldStop() {
    if (!closing) {
      return false;
    }
    return failedWhileClosing || ackedSeq >= outbox.lastSeq() || clock.millis() >= closeDeadlineMs;
  }

  private void enqueue(SessionEvent event) {
    events.add(event);
    wakeUp();
  }

  private void connect() {
    generation++;
    try {
      session =
          new MqttSession(
              settings.brokerUri(),
              settings.deviceId(),
              generation,
              this::enqueue,
              settings.security(),
              tls);
      session.connect(settings.statusTopic(), statusPayload(false), CONNECT_TIMEOUT_SECONDS);
    } catch (MqttException e) {
      dropSession("cannot start connecting: " + e);
    }
  }

  private void pump(long now) {
    try {
      sender.pump(session, now, closing);
    } catch (MqttException e) {
      dropSession("publish failed: " + e);
    }
  }

  private void handleEvents() {
    boolean ackedMoved = false;
    SessionEvent event;
    while ((event = events.poll()) != null) {
      if (session == null || event.generation() != generation) {
        continue; // from a connection already dropped
      }
      if (event instanceof Acked acked) {
        acksArrived = true;
        ackedMoved |= sender.acked(acked.firstSeq());
      } else if (event instanceof QuotaExceeded refused) {
        acksArrived = true; // the link answers
        onQuotaExceeded(refused.firstSeq());
      } else {
        handleSessionChange(event);
      }
    }
    if (ackedMoved) {
      outbox.saveAcked(sender.ackedPosition());
      ackedSeq = sender.ackedPosition().seq();
    }
    batchesAcked = sender.batchesAcked();
  }

  /**
   * PUBACK 0x97: the connection stays; the sender pauses and sends the batch again. Logged as one
   * WARN per {@link #QUOTA_WARN_INTERVAL_MS} at most (DEBUG otherwise): it is the gateway's normal
   * back-pressure, not an error.
   */
  private void onQuotaExceeded(long firstSeq) {
    quotaRefusals++;
    long now = clock.millis();
    long pauseMs = sender.refused(firstSeq, now);
    if (pauseMs == 0) {
      return; // same burst as the current pause
    }
    if (lastQuotaWarnAtMs == Long.MIN_VALUE || now - lastQuotaWarnAtMs >= QUOTA_WARN_INTERVAL_MS) {
      lastQuotaWarnAtMs = now;
      log.warn(
          "Gateway asks device {} to slow down (0x97 quota exceeded); pausing {} ms, then sending"
              + " the refused batches again ({} refusals so far)",
          settings.deviceId(),
          pauseMs,
          quotaRefusals);
    } else {
      log.debug(
          "Device {}: 0x97 for seq {}; pausing {} ms", settings.deviceId(), firstSeq, pauseMs);
    }
  }

  /** Drops a connection whose PUBACKs stopped while batches are in flight (a stalled link). */
  private void checkAcks(long now) {
    boolean stalled = watchdog.stalled(now, sender.inFlight() > 0, acksArrived);
    acksArrived = false;
    if (stalled) {
      stalledLinks++;
      dropSession(
          "no PUBACK for "
              + (now - watchdog.waitingSinceMs())
              + " ms with "
              + sender.inFlight()
              + " batches in flight (ack timeout "
              + settings.ackTimeout().toMillis()
              + " ms): treating the link as down");
    }
  }

  /**
   * The periodic retained status. Skipped while the previous one is unacknowledged (statuses must
   * not pile up in Paho's in-flight slots on a stuck link), tried again soon if Paho has no free
   * slot.
   */
  private void sendStatus(long now) {
    nextStatusAtMs = now + settings.statusInterval().toMillis();
    if (pendingStatus != null && !pendingStatus.isComplete()) {
      return;
    }
    try {
      pendingStatus = session.publishRetained(settings.statusTopic(), statusPayload(true));
      statusesSent++;
    } catch (MqttException e) {
      if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        dropSession("cannot publish status: " + e);
        return;
      }
      nextStatusAtMs = now + STATUS_RETRY_MS;
    }
  }

  /**
   * A status the gateway refused with 0x97 (over its publish rate: e.g. the ONLINE birth of a
   * device back from a cool-down, whose allowance starts empty) goes again a second later, so the
   * gateway does not keep the will's OFFLINE, or an old state, for a whole status interval.
   */
  private void retryStatusRefusedWithQuota(long now) {
    if (pendingStatus != null
        && pendingStatus.isComplete()
        && MqttSession.refusedWithQuota(pendingStatus)) {
      pendingStatus = null;
      nextStatusAtMs = Math.min(nextStatusAtMs, now + STATUS_QUOTA_RETRY_MS);
      log.debug(
          "Device {}: status refused with 0x97; sending it again in {} ms",
          settings.deviceId(),
          STATUS_QUOTA_RETRY_MS);
    }
  }

  private void handleSessionChange(SessionEvent event) {
    if (event instanceof Connected up) {
      onConnected(up.serverReceiveMaximum());
    } else if (event instanceof ConnectFailed failed) {
      dropSession("connect failed: " + MqttSession.describe(failed.cause()));
    } else if (event instanceof ConnectionLost lost) {
      dropSession("connection lost: " + lost.reason());
    } else if (event instanceof Rejected rejected) {
      log.error(
          "Gateway rejected the batch of device {} starting at seq {} with reason code 0x{};"
              + " reconnecting to send it again",
          settings.deviceId(),
          rejected.firstSeq(),
          Integer.toHexString(rejected.reasonCode()));
      dropSession("batch rejected");
    } else if (event instanceof PublishFailed failed) {
      dropSession("publish of seq " + failed.firstSeq() + " failed: " + failed.cause());
    } else {
      throw new IllegalStateException("unhandled session event " + event);
    }
  }

  private void onConnected(int serverReceiveMaximum) {
    // Paho frees its in-flight slot late, and the status message needs one: stay 2 below.
    int window = Math.max(1, Math.min(settings.maxInFlight(), serverReceiveMaximum - 2));
    // Before `connected` shows: a reading appended after it is seen true is live.
    sender.connectionUp(window);
    sessionUp = true;
    connected = true;
    backoff.reset();
    watchdog.reset();
    acksArrived = false;
    pendingStatus = null;
    lastProblem = null;
    nextStatusAtMs = clock.millis() + settings.statusInterval().toMillis();
    long liveStart = sender.liveStartSeq();
    if (ackedSeq + 1 < liveStart) {
      log.info(
          "Device {} connected to {}; live readings from seq {} first, backlog seqs {}..{} beside"
              + " them ({} of the {}-batch window while live readings flow)",
          settings.deviceId(),
          settings.brokerUri(),
          liveStart,
          ackedSeq + 1,
          liveStart - 1,
          settings.backlogShare(),
          window);
    } else {
      log.info(
          "Device {} connected to {}; sending from seq {}",
          settings.deviceId(),
          settings.brokerUri(),
          liveStart);
    }
    try {
      pendingStatus = session.publishRetained(settings.statusTopic(), statusPayload(true));
    } catch (MqttException e) {
      dropSession("cannot publish ONLINE status: " + e);
    }
  }

  private void dropSession(String reason) {
    failedWhileClosing = closing;
    boolean wasUp = sessionUp;
    if (session != null) {
      session.closeForcibly();
    }
    session = null;
    sessionUp = false;
    connected = false;
    sender.rewind();
    long delayMs = backoff.nextDelayMs();
    nextConnectAtMs = clock.millis() + delayMs;
    // Logged once per change of the problem (and after every lost connection), not per attempt.
    if (wasUp || !reason.equals(lastProblem)) {
      lastProblem = reason;
      log.warn(
          "Device {}: {}; retrying in {} ms, then replaying from seq {}",
          settings.deviceId(),
          reason,
          delayMs,
          ackedSeq + 1);
    } else {
      log.debug("Device {}: {}; retrying in {} ms", settings.deviceId(), reason, delayMs);
    }
  }

  private void park(long now) {
    long deadline = now + IDLE_PARK_MS;
    if (session == null) {
      deadline = closing ? now : Math.min(deadline, nextConnectAtMs);
    }
    if (sessionUp) {
      deadline = Math.min(deadline, sender.nextDueAtMs());
      deadline = Math.min(deadline, watchdog.deadlineMs());
      deadline = Math.min(deadline, nextStatusAtMs);
    }
    if (closing) {
      deadline = Math.min(deadline, closeDeadlineMs);
    }
    if (events.isEmpty()) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, deadline - now)));
    }
  }

  private void shutdownSession() {
    connected = false;
    if (session == null) {
      return;
    }
    if (sessionUp) {
      try {
        session
            .publishRetained(settings.statusTopic(), statusPayload(false))
            .waitForCompletion(STATUS_TIMEOUT_MS);
      } catch (MqttException e) {
        log.warn("Device {}: OFFLINE status not confirmed: {}", settings.deviceId(), e.toString());
      }
      session.closeGracefully(STATUS_TIMEOUT_MS);
    } else {
      session.closeForcibly();
    }
    session = null;
    sessionUp = false;
    log.info(
        "Device {} disconnected (lastSeq {}, ackedSeq {})",
        settings.deviceId(),
        outbox.lastSeq(),
        ackedSeq);
  }

  private byte[] statusPayload(boolean online) {
    return TelemetryMapper.encodeStatus(
        settings.deviceId(),
        online,
        outbox.streamEpoch(),
        outbox.lastSeq(),
        ackedSeq,
        clock.millis(),
        settings.agentVersion(),
        outbox.health()); // hook (disk budget): oldest unsent age, drops, offline budget
  }
}
