package io.tern.gateway.cli;

import io.tern.gateway.Gateway;
import io.tern.gateway.config.TlsConfig;
import io.tern.gateway.core.detect.DetectionRule;
import io.tern.gateway.security.DevicesCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code gateway}: runs the gateway until Ctrl-C. Options left out fall back to {@code
 * tern.gateway.*} / {@code micronaut.server.port} from the environment (e.g. {@code
 * TERN_GATEWAY_MQTT_PORT}), {@code application.yml} or the built-in defaults. Runs on the caller's
 * thread and blocks.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Tern gateway: embedded MQTT broker, event-time rollups, anomaly alerts, HTTP API.",
      "Stops cleanly on Ctrl-C."
    },
    subcommands = DevicesCommand.class)
public final class GatewayCommand implements Callable<Integer> {

  @Option(
      names = "--mqtt-port",
      paramLabel = "PORT",
      description = "MQTT listener port, 0 = any free port (default: 1883).")
  Integer mqttPort;

  @Option(
      names = "--mqtt-bind-address",
      paramLabel = "ADDRESS",
      description =
          "Address MQTT listens on (default: 127.0.0.1). Any other than loopback needs"
              + " credentials (see 'devices add') or --allow-anonymous.")
  String mqttBindAddress;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description =
          "Credentials file clients authenticate against (default: DIR/credentials if it exists;"
              + " without one, clients connect anonymously).")
  Path credentials;

  @Option(
      names = "--allow-anonymous",
      description =
          "Let MQTT listen on a non-loopback address without credentials: anyone who reaches it"
              + " may publish and subscribe to anything (default: refused).")
  Boolean allowAnonymous;

  @Option(
      names = "--tls-port",
      paramLabel = "PORT",
      description =
          "Also listen for MQTT over TLS (1.2/1.3) on this port, 0 = any free port (default: off)."
              + " Needs --tls-cert and --tls-key.")
  Integer tlsPort;

  @Option(
      names = "--tls-bind-address",
      paramLabel = "ADDRESS",
      description = "Address the TLS listener binds to (default: the --mqtt-bind-address).")
  String tlsBindAddress;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Server certificate chain, PEM, server certificate first.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "Private key of --tls-cert, unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY).")
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "PEM",
      description =
          "CA certificate(s), PEM, that sign client certificates: a client with one logs in as"
              + " its subject CN (the device id), no password needed.")
  Path tlsClientCa;

  @Option(
      names = "--tls-client-auth",
      paramLabel = "MODE",
      description =
          "required: the TLS listener takes only clients with a certificate; optional: others"
              + " log in with a password (default: required when --tls-client-ca is given).",
      converter = ClientAuthConverter.class)
  TlsConfig.ClientAuth tlsClientAuth;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "HTTP API and status page port, 0 = any free port (default: 8080).")
  Integer httpPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data folder (default: .tern/gateway).")
  Path dataDir;

  @Option(
      names = "--rollup-window",
      paramLabel = "SIZE",
      split = ",",
      description = "Rollup window sizes (default: 10s,1m,1h).",
      converter = DurationConverter.class)
  List<Duration> rollupWindows;

  @Option(
      names = "--alert-sensitivity",
      paramLabel = "N",
      description =
          "Anomaly detection sensitivity: 2 alerts on deviations half as large, 0.5 only on ones"
              + " twice as large (default: 1.0).")
  Double alertSensitivity;

  @Option(
      names = "--alert-rule",
      paramLabel = "RULE",
      description =
          "Detection rule, repeatable: 'DEVICES/METRICS [min=N] [max=N] [max-rate=N/min]"
              + " [off=KIND,..]"
              + " [severity=S] [sensitivity=N]', globs with * and ?, e.g. 'boiler-*/temp max=95'.",
      converter = RuleConverter.class)
  List<String> alertRules;

  @Option(
      names = "--publish-rate",
      paramLabel = "N",
      description =
          "PUBLISHes per second one client may send on average, bursts of twice that; more get"
              + " PUBACK QUOTA_EXCEEDED (0x97), 0 = no limit (default: 200).")
  Integer publishRate;

  @Option(
      names = "--connect-rate",
      paramLabel = "N",
      description =
          "CONNECT attempts per second over all clients, bursts of twice that; more get CONNACK"
              + " CONNECTION_RATE_EXCEEDED (0x9F), 0 = no limit (default: 500).")
  Integer connectRate;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description =
          "Most open MQTT connections; more get CONNACK QUOTA_EXCEEDED (0x97) (default: 20000).")
  Long maxConnections;

  @Override
  public Integer call() throws InterruptedException {
    Gateway gateway = Gateway.start(properties());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                },
                "tern-gateway-shutdown"));
    System.out.print(runningBanner(gateway));
    stopped.await();
    return 0;
  }

  /** What {@code gateway} prints once it runs: ports, how to watch alerts, the output log. */
  public static String runningBanner(Gateway gateway) {
    String tls =
        gateway.tlsPort().isPresent()
            ? String.format("  MQTT+TLS    port %d%n", gateway.tlsPort().getAsInt())
            : "";
    return String.format(
        "Tern gateway running (Ctrl-C to stop)%n"
            + "  MQTT        localhost:%d   (alerts: mosquitto_sub -V mqttv5 -p %d -t 'tern/v1/alerts/#')%n"
            + tls
            + "  HTTP        http://localhost:%d/   (JSON: /api/status, /api/alerts/active)%n"
            + "  output log  %s%n",
        gateway.mqttPort(),
        gateway.mqttPort(),
        gateway.httpPort(),
        gateway.outputLogDir().toAbsolutePath());
  }

  /**
   * Micronaut properties for the options given; the others keep their configured defaults. Public
   * for the launcher's {@code tern gateway}, which adds the cloud bridge to these options.
   */
  public Map<String, Object> properties() {
    Map<String, Object> properties = new HashMap<>();
    if (mqttPort != null) {
      properties.put("tern.gateway.mqtt-port", mqttPort);
    }
    if (mqttBindAddress != null) {
      properties.put("tern.gateway.mqtt-bind-address", mqttBindAddress);
    }
    if (credentials != null) {
      properties.put("tern.gateway.credentials-file", credentials.toString());
    }
    if (allowAnonymous != null) {
      properties.put("tern.gateway.allow-anonymous", allowAnonymous);
    }
    putIfSet(properties, "tern.gateway.tls.port", tlsPort);
    putIfSet(properties, "tern.gateway.tls.bind-address", tlsBindAddress);
    putIfSet(properties, "tern.gateway.tls.cert", tlsCert);
    putIfSet(properties, "tern.gateway.tls.key", tlsKey);
    putIfSet(properties, "tern.gateway.tls.client-ca", tlsClientCa);
    putIfSet(properties, "tern.gateway.tls.client-auth", tlsClientAuth);
    if (httpPort != null) {
      properties.put("micronaut.server.port", httpPort);
    }
    if (dataDir != null) {
      properties.put("tern.gateway.data-dir", dataDir.toString());
    }
    if (rollupWindows != null) {
      properties.put(
          "tern.gateway.rollup-window",
          rollupWindows.stream()
              .map(size -> size.toMillis() + "ms")
              .collect(Collectors.joining(",")));
    }
    if (alertSensitivity != null) {
      properties.put("tern.gateway.alert-sensitivity", alertSensitivity);
    }
    if (alertRules != null) {
      properties.put("tern.gateway.alert-rules", List.copyOf(alertRules));
    }
    if (publishRate != null) {
      properties.put("tern.gateway.limits.publish-rate", publishRate);
    }
    if (connectRate != null) {
      properties.put("tern.gateway.limits.connect-rate", connectRate);
    }
    if (maxConnections != null) {
      properties.put("tern.gateway.limits.max-connections", maxConnections);
    }
    return properties;
  }

  private static void putIfSet(Map<String, Object> properties, String key, Object value) {
    if (value != null) {
      properties.put(key, value.toString());
    }
  }

  /** {@code required} or {@code optional}, any case. */
  static final class ClientAuthConverter implements ITypeConverter<TlsConfig.ClientAuth> {
    @Override
    public TlsConfig.ClientAuth convert(String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "required" -> TlsConfig.ClientAuth.REQUIRED;
        case "optional" -> TlsConfig.ClientAuth.OPTIONAL;
        default ->
            throw new TypeConversionException(
                "'" + value + "' is not a client auth mode: use required or optional");
      };
    }
  }

  /** Checks a rule's syntax when the command line is parsed; keeps the text. */
  static final class RuleConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        DetectionRule.parse(value);
        return value;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT10S}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.trim().toLowerCase(java.util.Locale.ROOT);
      try {
        Duration duration;
        if (text.startsWith("pt")) {
          duration = Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
        } else if (text.endsWith("ms")) {
          duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        } else if (text.endsWith("s")) {
          duration = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        } else if (text.endsWith("m")) {
          duration = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        } else if (text.endsWith("h")) {
          duration = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
        } else {
          throw new TypeConversionException("'" + value + "' needs a unit: ms, s, m or h");
        }
        if (duration.isNegative() || duration.isZero()) {
          throw new TypeConversionException("'" + value + "' must be positive");
        }
        return duration;
      } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a duration like 10s or 500ms");
      }
    }
  }
}
