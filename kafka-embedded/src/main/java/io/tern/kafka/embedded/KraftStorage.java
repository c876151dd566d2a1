package io.tern.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the KRaft log directory once (what {@code kafka-storage.sh format} does); a formatted
 * directory is left alone so that a restart keeps its cluster id, topics and records.
 */
final class KraftStorage {

  private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

  private KraftStorage() {}

  static boolean isFormatted(Path logDir) {
    return Files.isRegularFile(logDir.resolve("meta.properties"));
  }

  /** Formats {@code logDir} unless it is already formatted. Called by the starting thread. */
  static void formatIfNeeded(Path logDir) throws Exception {
    if (isFormatted(logDir)) {
      LOG.debug("Reusing formatted Kafka storage in {}", logDir);
      return;
    }
    Files.createDirectories(logDir);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(print)
          .setNodeId(BrokerSettings.NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
          .setUnstableFeatureVersionsEnabled(false)
          .setIgnoreFormatted(false)
          .run();
    }
    LOG.debug("Formatted Kafka storage: {}", output.toString(StandardCharsets.UTF_8).strip());
  }
}
