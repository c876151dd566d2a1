package io.tern.gateway.ingest;

import io.tern.gateway.validation.RejectionReason;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the first rejection of each (client, topic, reason) (later ones are only counted and sent as
 * dead letters), so a misbehaving device cannot flood the log. Thread-safe: called by HiveMQ
 * threads.
 */
final class DecodeErrorLog {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeErrorLog.class);
  static final int MAX_TRACKED = 10_000;

  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /** Returns whether this call logged. */
  boolean report(String clientId, String topic, RejectionReason reason, String detail) {
    if (reported.size() >= MAX_TRACKED) {
      return false;
    }
    if (!reported.add(clientId + "|" + topic + "|" + reason)) {
      return false;
    }
    LOG.warn(
        "Rejected telemetry from client '{}' on '{}': {} ({}); further {} rejections from it are"
            + " only counted and sent to the dead-letter topic",
        clientId,
        topic,
        reason,
        detail,
        reason);
    return true;
  }
}
