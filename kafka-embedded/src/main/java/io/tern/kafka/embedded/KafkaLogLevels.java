package io.tern.kafka.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Makes the broker quiet by default: when logback is the SLF4J backend, Kafka's loggers that have
 * no level configured are set to WARN. A level set in the application's logback configuration wins.
 * Without logback (it is an optional dependency) nothing is changed.
 */
final class KafkaLogLevels {

  private static final List<String> BROKER_LOGGERS =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  private KafkaLogLevels() {}

  static void quietByDefault() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
      return;
    }
    LogbackLevels.warnIfUnset(factory);
  }

  /** Separate class so that logback classes are only loaded when logback is present. */
  private static final class LogbackLevels {
    static void warnIfUnset(ILoggerFactory factory) {
      LoggerContext context = (LoggerContext) factory;
      for (String name : BROKER_LOGGERS) {
        ch.qos.logback.classic.Logger logger = context.getLogger(name);
        if (logger.getLevel() == null) {
          logger.setLevel(Level.WARN);
        }
      }
    }
  }
}
