package io.tern.agent.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the agent's YAML configuration file into its leaf values, keyed by dotted path ({@code
 * buffer.max-bytes}). Only plain YAML (no tags, no anchors to objects), no duplicate keys, and only
 * the keys of {@link ConfigKeys}: anything else is an {@link IllegalArgumentException} whose
 * message names the file and the key (or line).
 *
 * <p>Threads: stateless; called by picocli's thread before the agent starts.
 */
final class ConfigFile {
  private ConfigFile() {}

  /**
   * The leaf values of {@code file} by dotted key path, in file order.
   *
   * @param keys the known leaf keys (dotted); their prefixes are the known sections
   */
  static Map<String, Object> load(Path file, Set<String> keys) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read the config file (" + e + ")", e);
    }
    Object root;
    try (Reader reader = new StringReader(text)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setAllowRecursiveKeys(false);
      options.setMaxAliasesForCollections(10);
      root = new Yaml(new SafeConstructor(options)).load(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark != null ? " line " + (mark.getLine() + 1) : "";
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new IllegalArgumentException(file + where + ": " + problem.strip(), e);
    } catch (YAMLException | IOException e) {
      throw new IllegalArgumentException(file + ": not valid YAML (" + e.getMessage() + ")", e);
    }
    Map<String, Object> leaves = new LinkedHashMap<>();
    if (root == null) {
      return leaves; // an empty file (or only comments): no settings
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          file + ": expected keys such as 'device-id: dev-1' at the top level");
    }
    flatten(file, "", map, keys, leaves);
    return leaves;
  }

  private static void flatten(
      Path file, String prefix, Map<?, ?> map, Set<String> keys, Map<String, Object> leaves) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        throw new IllegalArgumentException(
            file + ": " + prefix + entry.getKey() + ": keys must be names");
      }
      String path = prefix + name;
      Object value = entry.getValue();
      boolean section = keys.stream().anyMatch(k -> k.startsWith(path + "."));
      if (!section && !keys.contains(path)) {
        throw new IllegalArgumentException(
            file + ": " + path + ": unknown key (known here: " + known(prefix, keys) + ")");
      }
      if (section) {
        if (value == null) {
          continue; // a section whose keys are all commented out
        }
        if (!(value instanceof Map<?, ?> children)) {
          throw new IllegalArgumentException(
              file + ": " + path + ": expected a section with keys " + known(path + ".", keys));
        }
        flatten(file, path + ".", children, keys, leaves);
      } else if (value == null) {
        throw new IllegalArgumentException(
            file + ": " + path + ": no value (give one, or delete or comment out the key)");
      } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
        throw new IllegalArgumentException(
            file + ": " + path + ": expected a single value, not a section or list");
      } else {
        leaves.put(path, value);
      }
    }
  }

  /** The names known directly under {@code prefix}, e.g. {@code broker, tls, username}. */
  private static String known(String prefix, Set<String> keys) {
    Set<String> names = new TreeSet<>();
    for (String key : keys) {
      if (key.startsWith(prefix)) {
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return String.join(", ", names);
  }
}
