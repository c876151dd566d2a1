package io.tern.gateway.ingest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the first rejected telemetry message of each device (later ones are only counted), so a
 * misbehaving device cannot flood the log. Thread-safe: called by HiveMQ threads.
 */
final class DecodeErrorLog {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeErrorLog.class);
  static final int MAX_TRACKED_DEVICES = 10_000;

  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /** Returns whether this call logged. */
  boolean report(String clientId, String topic, DecodeResult.Rejected rejected) {
    if (reported.size() >= MAX_TRACKED_DEVICES) {
      return false;
    }
    String key = clientId + "|" + topic;
    if (!reported.add(key)) {
      return false;
    }
    LOG.warn(
        "Rejected telemetry from client '{}' on '{}': {} ({}); further rejections from it are"
            + " only counted",
        clientId,
        topic,
        rejected.detail(),
        rejected.reason());
    return true;
  }
}
