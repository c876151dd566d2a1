package io.tern.gateway.ingest;

import io.tern.gateway.journal.Acknowledgement;
import io.tern.gateway.journal.JournalMetrics;
import io.tern.gateway.journal.JournalWriter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals a device's own announcement that it is offline (its agent's MQTT will, or an OFFLINE
 * status it published on shutdown), so the pipeline raises the device's offline alert at once.
 * Nothing waits for it: when the journal is busy the announcement is counted as a busy rejection
 * and logged, and the device's silence raises the alert a little later instead.
 *
 * <p>Threading: called by HiveMQ's extension threads; never blocks.
 */
@Singleton
public final class OfflineAnnouncements {
  private static final Logger LOG = LoggerFactory.getLogger(OfflineAnnouncements.class);

  private final JournalWriter journal;
  private final JournalMetrics journalMetrics;

  public OfflineAnnouncements(JournalWriter journal, JournalMetrics journalMetrics) {
    this.journal = journal;
    this.journalMetrics = journalMetrics;
  }

  /** The device said it is offline; {@code how} names the way (for the log). */
  void announce(String deviceId, String how) {
    Acknowledgement logged =
        new Acknowledgement() {
          @Override
          public void journaled() {
            LOG.debug("Device '{}' announced offline ({})", deviceId, how);
          }

          @Override
          public void failed(String reason) {
            LOG.warn("Offline announcement of device '{}' not journaled: {}", deviceId, reason);
          }
        };
    if (!journal.offerStatus(deviceId, false, logged)) {
      journalMetrics.busyRejection();
      LOG.warn(
          "Journal busy or stopping: the offline announcement ({}) of device '{}' is not"
              + " journaled; its silence will raise the alert instead",
          how,
          deviceId);
    }
  }
}
