package io.tern.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's configuration, bound from {@code tern.gateway.*} (properties, {@code
 * application.yml}, environment variables such as {@code TERN_GATEWAY_MQTT_PORT}). The HTTP port is
 * Micronaut's {@code micronaut.server.port}. Every key and default is listed in the README.
 *
 * @param mqttPort MQTT listener port; 0 picks a free port
 * @param mqttBindAddress address the MQTT listener binds to; a non-loopback one needs credentials
 *     or {@code allowAnonymous}
 * @param credentialsFile file of the identities clients authenticate against (see {@code tern
 *     gateway devices}); unset = {@code <dataDir>/credentials} if it exists, else anonymous clients
 * @param allowAnonymous let a non-loopback MQTT listener run without credentials (loudly warned)
 * @param dataDir folder for the broker's files and the output log
 * @param rollupWindow sizes of the tumbling event-time rollup windows (one or a list)
 * @param grace how long (event time) a window waits for out-of-order readings after its end
 * @param alertSensitivity global sensitivity of anomaly detection (1.0; 2.0 alerts on deviations
 *     half as large)
 * @param alertRules detection rules, one line each: {@code DEVICES/METRICS [min=N] [max=N]
 *     [max-rate=N[/s|/min|/h]] [off=KIND,..] [severity=S] [sensitivity=N]} (see the README)
 * @param alertMinSilence shortest silence reported as missing data or device offline
 * @param maxBatchReadings most readings one telemetry message may carry (more: rejected whole)
 * @param maxEventTimeAhead how far a reading's event time may be ahead of the gateway clock
 * @param maxEventAge how far a reading's event time may be behind the gateway clock
 * @param requireClientIdMatch whether a sender's MQTT client id must equal the topic's device id
 * @param valueRanges optional plausible range per metric name, {@code MIN..MAX} (open ends allowed)
 * @param deadLettersPerMessage most dead letters published for the rejected readings of a message
 * @param rollupIdleTimeout close a device's open windows after it sent nothing for this long
 *     (gateway clock); unset = each window's size + grace
 * @param rollupRetention how far (event time) behind the watermark emitted windows are kept to be
 *     corrected by late readings
 * @param rollupRetainedWindows at most this many emitted windows kept per series and size
 * @param rollupQuantiles quantiles reported in each rollup; empty = none
 * @param dedupeMaxRanges ranges of seen seqs kept per stream (each hole in its seqs costs one);
 *     past it the lowest two merge and the seqs between them are dropped as beyond the window
 * @param dedupeMaxStreams streams (agent outboxes) remembered per device
 * @param journalSync {@code group}: force each group of journal appends to disk before the PUBACKs
 *     (survives power loss); {@code none}: PUBACK once in the page cache (survives a process crash)
 * @param maxJournalLag journal entries the pipeline may be behind before acknowledgements slow down
 * @param snapshotInterval how often the pipeline state is snapshotted (recovery replays the journal
 *     after the last snapshot)
 * @param outputLogMaxBytes most bytes the output log keeps, delivered or not (e.g. {@code 10GB},
 *     binary units); over it the oldest hourly cycles are deleted and undelivered entries counted
 * @param outputLogMaxAge output-log cycles that ended longer ago are deleted, delivered or not
 */
@ConfigurationProperties("tern.gateway")
public record GatewayConfig(
    @Bindable(defaultValue = "1883") int mqttPort,
    @Bindable(defaultValue = "127.0.0.1") String mqttBindAddress,
    @Nullable Path credentialsFile,
    @Bindable(defaultValue = "false") boolean allowAnonymous,
    @Bindable(defaultValue = ".tern/gateway") Path dataDir,
    @Bindable(defaultValue = "10s,1m,1h") List<Duration> rollupWindow,
    @Bindable(defaultValue = "2s") Duration grace,
    @Bindable(defaultValue = "1.0") double alertSensitivity,
    @Nullable List<String> alertRules,
    @Bindable(defaultValue = "30s") Duration alertMinSilence,
    @Bindable(defaultValue = "10000") int maxBatchReadings,
    @Bindable(defaultValue = "5m") Duration maxEventTimeAhead,
    @Bindable(defaultValue = "3650d") Duration maxEventAge,
    @Bindable(defaultValue = "true") boolean requireClientIdMatch,
    @Nullable Map<String, String> valueRanges,
    @Bindable(defaultValue = "100") int deadLettersPerMessage,
    @Nullable Duration rollupIdleTimeout,
    @Bindable(defaultValue = "24h") Duration rollupRetention,
    @Bindable(defaultValue = "64") int rollupRetainedWindows,
    @Bindable(defaultValue = "0.5,0.9,0.99") List<Double> rollupQuantiles,
    @Bindable(defaultValue = "1024") int dedupeMaxRanges,
    @Bindable(defaultValue = "4") int dedupeMaxStreams,
    @Bindable(defaultValue = "GROUP") JournalSync journalSync,
    @Bindable(defaultValue = "100000") long maxJournalLag,
    @Bindable(defaultValue = "30s") Duration snapshotInterval,
    @Bindable(defaultValue = "10GB") @ReadableBytes long outputLogMaxBytes,
    @Bindable(defaultValue = "7d") Duration outputLogMaxAge) {

  /** When journal appends are forced to the storage device. */
  public enum JournalSync {
    /** Once per group of appends, before their PUBACKs. */
    GROUP,
    /** Never explicitly (the OS writes the page cache back). */
    NONE
  }

  public GatewayConfig {
    if (mqttPort < 0 || mqttPort > 65_535) {
      throw new IllegalArgumentException(
          "tern.gateway.mqtt-port must be 0..65535 (0 = any free port), was " + mqttPort);
    }
    rollupWindow = List.copyOf(rollupWindow);
    rollupQuantiles = rollupQuantiles == null ? List.of() : List.copyOf(rollupQuantiles);
    for (Duration size : rollupWindow) {
      if (size.isNegative() || size.isZero()) {
        throw new IllegalArgumentException(
            "tern.gateway.rollup-window must be positive, was " + size);
      }
    }
    if (rollupWindow.isEmpty()) {
      throw new IllegalArgumentException("tern.gateway.rollup-window must name a size");
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("tern.gateway.grace must not be negative, was " + grace);
    }
    if (!(alertSensitivity > 0 && alertSensitivity <= 100)) {
      throw new IllegalArgumentException(
          "tern.gateway.alert-sensitivity must be in (0, 100], was " + alertSensitivity);
    }
    alertRules = alertRules == null ? List.of() : List.copyOf(alertRules);
    if (alertMinSilence.isNegative() || alertMinSilence.isZero()) {
      throw new IllegalArgumentException(
          "tern.gateway.alert-min-silence must be positive, was " + alertMinSilence);
    }
    if (maxBatchReadings < 1 || deadLettersPerMessage < 1) {
      throw new IllegalArgumentException(
          "tern.gateway.max-batch-readings and dead-letters-per-message must be positive, were "
              + maxBatchReadings
              + " and "
              + deadLettersPerMessage);
    }
    if (maxEventTimeAhead.isNegative() || maxEventAge.isNegative()) {
      throw new IllegalArgumentException(
          "tern.gateway.max-event-time-ahead and max-event-age must not be negative");
    }
    valueRanges = valueRanges == null ? Map.of() : Map.copyOf(valueRanges);
    if (dedupeMaxRanges < 1 || dedupeMaxStreams < 1) {
      throw new IllegalArgumentException(
          "tern.gateway.dedupe-max-ranges and dedupe-max-streams must be positive, were "
              + dedupeMaxRanges
              + " and "
              + dedupeMaxStreams);
    }
    if (maxJournalLag < 1) {
      throw new IllegalArgumentException(
          "tern.gateway.max-journal-lag must be positive, was " + maxJournalLag);
    }
    if (outputLogMaxBytes < 1 || outputLogMaxAge.isNegative() || outputLogMaxAge.isZero()) {
      throw new IllegalArgumentException(
          "tern.gateway.output-log-max-bytes and output-log-max-age must be positive, were "
              + outputLogMaxBytes
              + " and "
              + outputLogMaxAge);
    }
    if (snapshotInterval.isNegative() || snapshotInterval.isZero()) {
      throw new IllegalArgumentException(
          "tern.gateway.snapshot-interval must be positive, was " + snapshotInterval);
    }
  }
}
