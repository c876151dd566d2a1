package io.tern.agent.cli;

import io.tern.agent.cli.AgentCommand.BufferPolicyConverter;
import io.tern.agent.cli.AgentCommand.PrecisionConverter;
import io.tern.agent.cli.AgentCommand.SourceConverter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The keys of the agent's YAML configuration file, each bound to the command-line option it sets
 * (README: "Configuration file"). A value from the file is converted like the option's argument and
 * stored in the command's field unless the option was given on the command line (flags win).
 *
 * <p>Threads: immutable; used by picocli's thread before the agent starts.
 */
final class ConfigKeys {
  /** One key: its dotted path, the option it stands for, and how its value is read and stored. */
  record Key<T>(String path, String flag, Value<T> value, BiConsumer<AgentCommand, T> setter) {
    void apply(AgentCommand command, Object raw, Path baseDir) {
      setter.accept(command, value.read(raw, baseDir));
    }
  }

  /** Reads one YAML value; throws IllegalArgumentException saying what is wrong with it. */
  interface Value<T> {
    T read(Object raw, Path baseDir);
  }

  static final List<Key<?>> KEYS =
      List.of(
          new Key<>("device-id", "--device-id", ConfigKeys::text, (c, v) -> c.deviceId = v),
          new Key<>("data-dir", "--data-dir", ConfigKeys::path, (c, v) -> c.dataDir = v),
          new Key<>("mqtt.broker", "--broker", ConfigKeys::text, (c, v) -> c.broker = v),
          new Key<>(
              "mqtt.username", "--username", ConfigKeys::text, (c, v) -> c.broker().username = v),
          new Key<>(
              "mqtt.password-file",
              "--password-file",
              ConfigKeys::path,
              (c, v) -> c.broker().passwordFile = v),
          new Key<>("mqtt.tls.enabled", "--tls", ConfigKeys::flag, (c, v) -> c.broker().tls = v),
          new Key<>(
              "mqtt.tls.ca-file", "--ca-file", ConfigKeys::path, (c, v) -> c.broker().caFile = v),
          new Key<>(
              "mqtt.tls.cert-file",
              "--cert-file",
              ConfigKeys::path,
              (c, v) -> c.broker().certFile = v),
          new Key<>(
              "mqtt.tls.key-file",
              "--key-file",
              ConfigKeys::path,
              (c, v) -> c.broker().keyFile = v),
          new Key<>(
              "mqtt.ack-timeout",
              "--ack-timeout",
              converted(new DurationConverter()),
              (c, v) -> c.ackTimeout = v),
          new Key<>(
              "mqtt.status-interval",
              "--status-interval",
              converted(new DurationConverter()),
              (c, v) -> c.statusInterval = v),
          new Key<>(
              "mqtt.backlog-share",
              "--backlog-share",
              ConfigKeys::number,
              (c, v) -> c.backlogShare = v),
          new Key<>(
              "buffer.max-bytes",
              "--max-buffer-bytes",
              converted(new ByteSizeConverter()),
              (c, v) -> c.maxBufferBytes = v),
          new Key<>(
              "buffer.max-age",
              "--max-buffer-age",
              converted(new DurationConverter()),
              (c, v) -> c.maxBufferAge = v),
          new Key<>(
              "buffer.policy",
              "--buffer-policy",
              converted(new BufferPolicyConverter()),
              (c, v) -> c.bufferPolicy = v),
          new Key<>(
              "source.type", "--source", converted(new SourceConverter()), (c, v) -> c.source = v),
          new Key<>(
              "source.host.interval",
              "--interval",
              converted(new DurationConverter()),
              (c, v) -> c.interval = v),
          new Key<>("source.csv.file", "--csv", ConfigKeys::path, (c, v) -> c.sources().csv = v),
          new Key<>(
              "source.csv.time-column",
              "--time-column",
              ConfigKeys::text,
              (c, v) -> c.sources().timeColumn = v),
          new Key<>(
              "source.csv.rate", "--rate", ConfigKeys::number, (c, v) -> c.sources().rate = v),
          new Key<>(
              "source.csv.exit-when-drained",
              "--exit-when-drained",
              ConfigKeys::flag,
              (c, v) -> c.sources().exitWhenDrained = v),
          new Key<>(
              "source.influx.port",
              "--influx-port",
              ConfigKeys::integer,
              (c, v) -> c.sources().influxPort = v),
          new Key<>(
              "source.influx.bind",
              "--influx-bind",
              ConfigKeys::text,
              (c, v) -> c.sources().influxBind = v),
          new Key<>(
              "source.influx.precision",
              "--influx-precision",
              converted(new PrecisionConverter()),
              (c, v) -> c.sources().influxPrecision = v));

  static final Set<String> PATHS =
      KEYS.stream().map(Key::path).collect(Collectors.toUnmodifiableSet());

  private ConfigKeys() {}

  /**
   * Stores the file's values in {@code command}, except those whose option was given on the command
   * line.
   *
   * @param onCommandLine whether an option (by flag) was given on the command line
   * @return the options set from the file: flag to key path
   * @throws IllegalArgumentException naming the file and key, for a bad value
   */
  static Map<String, String> apply(
      AgentCommand command,
      Path file,
      Map<String, Object> leaves,
      Predicate<String> onCommandLine) {
    Path baseDir = file.toAbsolutePath().getParent();
    Map<String, String> fromFile = new LinkedHashMap<>();
    for (Key<?> key : KEYS) {
      Object raw = leaves.get(key.path());
      if (raw == null || onCommandLine.test(key.flag())) {
        continue;
      }
      try {
        key.apply(command, raw, baseDir);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + key.path() + ": " + e.getMessage(), e);
      }
      fromFile.put(key.flag(), key.path());
    }
    return fromFile;
  }

  private static String text(Object raw, Path baseDir) {
    if (raw instanceof String s) {
      return s;
    }
    if (raw instanceof Number n) {
      return n.toString();
    }
    throw new IllegalArgumentException(raw + " is not text (quote it: \"" + raw + "\")");
  }

  private static Path path(Object raw, Path baseDir) {
    String text = text(raw, baseDir);
    if (text.isBlank()) {
      throw new IllegalArgumentException("the path is empty");
    }
    return baseDir.resolve(text);
  }

  private static Boolean flag(Object raw, Path baseDir) {
    if (raw instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(quoted(raw) + " is not true or false");
  }

  private static Integer integer(Object raw, Path baseDir) {
    if (raw instanceof Integer i) {
      return i;
    }
    throw new IllegalArgumentException(quoted(raw) + " is not a whole number");
  }

  private static Double number(Object raw, Path baseDir) {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(quoted(raw) + " is not a number");
  }

  private static <T> Value<T> converted(ITypeConverter<T> converter) {
    return (raw, baseDir) -> {
      String text = text(raw, baseDir);
      try {
        return converter.convert(text);
      } catch (TypeConversionException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      } catch (Exception e) {
        throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
      }
    };
  }

  private static String quoted(Object raw) {
    return raw instanceof String ? "'" + raw + "'" : String.valueOf(raw);
  }
}
