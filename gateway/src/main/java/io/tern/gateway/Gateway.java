package io.tern.gateway;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tern.gateway.broker.EmbeddedBroker;
import io.tern.gateway.ingest.PipelineRunner;
import io.tern.gateway.ingest.TelemetryInterceptor;
import io.tern.gateway.journal.IngestJournal;
import io.tern.gateway.journal.JournalWriter;
import io.tern.gateway.output.OutputLog;
import io.tern.gateway.status.GatewayMetrics;
import io.tern.gateway.status.GatewayStats;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: embedded MQTT broker taking telemetry in-process, the rollup/detection
 * pipeline, the output log and the HTTP API, in one Micronaut application context.
 *
 * <p>Start order: pipeline thread (restores the last snapshot and replays the ingest journal after
 * it), journal writer, a warm-up of the refusal paths, broker, HTTP. Close order: HTTP; stop taking
 * telemetry (the journal writer acknowledges what it holds); let the pipeline process the rest of
 * the journal and snapshot (its outputs still reach MQTT and the log); broker; output log and
 * journal; context. Thread-safe.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final ApplicationContext context;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Set as each part starts, so that close() stops exactly what was started.
  private volatile PipelineRunner runner;
  private volatile JournalWriter writer;
  private volatile EmbeddedBroker broker;
  private volatile EmbeddedServer http;

  /**
   * The HTTP server's event loops stop after 100 ms without new tasks instead of Netty's 2 s: the
   * status API has no long requests to let finish, and every stop of the gateway waited for it.
   */
  static final Map<String, Object> HTTP_DEFAULTS =
      Map.of(
          "micronaut.server.netty.worker.shutdown-quiet-period", "100ms",
          "micronaut.server.netty.parent.shutdown-quiet-period", "100ms");

  private Gateway(ApplicationContext context) {
    this.context = context;
  }

  /**
   * Starts a gateway and blocks until MQTT and HTTP listen.
   *
   * @param properties Micronaut properties overriding the defaults and the environment, e.g. {@code
   *     tern.gateway.mqtt-port}, {@code tern.gateway.data-dir}, {@code micronaut.server.port} (0 =
   *     any free port for both ports)
   * @throws RuntimeException with a clear message if configuration is invalid or a port is taken;
   *     whatever was started is stopped again
   */
  public static Gateway start(Map<String, Object> properties) {
    Map<String, Object> withDefaults = new HashMap<>(HTTP_DEFAULTS);
    withDefaults.putAll(properties);
    ApplicationContext context = ApplicationContext.builder().properties(withDefaults).start();
    Gateway gateway = new Gateway(context);
    try {
      gateway.runner = context.getBean(PipelineRunner.class);
      gateway.runner.start();
      gateway.writer = context.getBean(JournalWriter.class);
      gateway.writer.start();
      context.getBean(TelemetryInterceptor.class).warmUpRefusals();
      gateway.broker = context.getBean(EmbeddedBroker.class);
      gateway.broker.start();
      gateway.http = context.getBean(EmbeddedServer.class);
      gateway.http.start();
    } catch (BeanInstantiationException e) {
      gateway.close();
      throw new IllegalArgumentException(invalidConfiguration(e), e);
    } catch (RuntimeException e) {
      gateway.close();
      throw e;
    }
    LOG.info(
        "Gateway started: MQTT port {}, HTTP port {}, output log {}",
        gateway.mqttPort(),
        gateway.httpPort(),
        gateway.outputLogDir());
    return gateway;
  }

  /** The message of the configuration check that failed, without Micronaut's bean path. */
  private static String invalidConfiguration(BeanInstantiationException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException) {
        return "invalid configuration: " + cause.getMessage();
      }
    }
    return e.getMessage();
  }

  /** The MQTT port (resolved if configured as 0). */
  public int mqttPort() {
    return broker.port();
  }

  /** The TLS MQTT port (resolved if configured as 0); empty when the TLS listener is off. */
  public OptionalInt tlsPort() {
    return broker.tlsPort();
  }

  /** The HTTP port (resolved if configured as 0). */
  public int httpPort() {
    return http.getPort();
  }

  /** The Chronicle Queue folder of the output log (tailed by the cloud bridge). */
  public Path outputLogDir() {
    return context.getBean(OutputLog.class).dir();
  }

  /** A snapshot of the counters. */
  public GatewayStats stats() {
    return context.getBean(GatewayMetrics.class).snapshot();
  }

  /**
   * Stops HTTP and taking telemetry, drains the journal into the pipeline, stops the broker and
   * closes the output log and the journal. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (http instanceof NettyEmbeddedServer netty && netty.isRunning()) {
        // stop() would also stop the whole context, in its own order; we want ours.
        netty.stopServerOnly();
      }
      if (writer != null) {
        writer.stop();
      }
      if (runner != null) {
        runner.stop();
      }
      if (broker != null) {
        broker.stop();
      }
      if (runner != null) {
        context.getBean(OutputLog.class).close(); // created with the runner
        context.getBean(IngestJournal.class).close();
      }
    } finally {
      context.close();
      LOG.info("Gateway stopped");
    }
  }
}
