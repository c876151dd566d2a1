package io.tern.gateway.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gateway devices add|remove|list}: manages the credentials file the gateway authenticates
 * MQTT clients against. A running gateway picks changes up at the next CONNECT. Runs on the
 * caller's thread.
 */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = {
      "Manages the identities (devices and operators) allowed to connect to the gateway's MQTT.",
      "Passwords are stored as salted PBKDF2 hashes; a running gateway sees changes at once."
    },
    subcommands = {
      DevicesCommand.Add.class,
      DevicesCommand.Remove.class,
      DevicesCommand.ListIdentities.class
    })
public final class DevicesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is needed: add, remove or list");
  }

  /** Where the credentials file is: {@code --credentials}, else under {@code --data-dir}. */
  static final class FileOptions {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "The gateway's data folder (default: .tern/gateway).")
    Path dataDir = Path.of(".tern/gateway");

    @Option(
        names = "--credentials",
        paramLabel = "FILE",
        description = "Credentials file (default: DIR/credentials).")
    Path credentials;

    Path file() {
      return credentials != null ? credentials : dataDir.resolve(CredentialsFile.DEFAULT_NAME);
    }
  }

  /** {@code add}: a new identity, or a new password or role with {@code --replace}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a device (or operator) and its password. The password is read from --password-file,",
        "else asked for on the terminal, else read as one line from standard input."
      })
  public static final class Add implements Callable<Integer> {
    static final int MIN_PASSWORD_LENGTH = 8;

    @Spec CommandSpec spec;
    @Mixin FileOptions file;

    @Parameters(
        paramLabel = "NAME",
        description = "Device id (also its MQTT user name and client id) or operator name.")
    String name;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        description =
            "device: publishes its own telemetry and status; operator: reads alerts, rollups,"
                + " dead letters and status (default: device).")
    String role = "device";

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "File holding the password on one line (never give it as an argument).")
    Path passwordFile;

    @Option(names = "--replace", description = "Replace an existing identity's password and role.")
    boolean replace;

    InputStream in = System.in;
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    @Override
    public Integer call() {
      Identity identity = new Identity(Identity.checkName(name), Role.ofLabel(role));
      char[] password = password();
      try {
        if (password.length < MIN_PASSWORD_LENGTH) {
          throw new IllegalArgumentException(
              "the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        Credential credential = new Credential(identity, PasswordHash.of(password, iterations));
        CredentialsFile.update(file.file(), credentials -> put(credentials, credential));
      } finally {
        Arrays.fill(password, '\0');
      }
      spec.commandLine()
          .getOut()
          .printf("%s %s %s in %s%n", replace ? "set" : "added", role, name, file.file());
      return 0;
    }

    private Map<String, Credential> put(Map<String, Credential> credentials, Credential added) {
      if (credentials.containsKey(added.name()) && !replace) {
        throw new IllegalArgumentException(
            "'" + added.name() + "' already exists (use --replace to change its password)");
      }
      credentials.put(added.name(), added);
      return credentials;
    }

    private char[] password() {
      if (passwordFile != null) {
        return PasswordFiles.read(passwordFile, "--password-file").toCharArray();
      }
      Console console = System.console();
      if (console != null && in == System.in) {
        char[] first = console.readPassword("Password for %s: ", name);
        char[] second = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, second)) {
          throw new IllegalArgumentException("the passwords differ");
        }
        Arrays.fill(second, '\0');
        return first;
      }
      try {
        String line =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
          throw new IllegalArgumentException("no password on standard input");
        }
        return line.toCharArray();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the password from standard input", e);
      }
    }
  }

  /** {@code remove}: the identity can no longer connect (open sessions stay until they end). */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Removes a device or operator: it can no longer connect.")
  public static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin FileOptions file;

    @Parameters(paramLabel = "NAME", description = "Device id or operator name.")
    String name;

    @Override
    public Integer call() {
      CredentialsFile.update(
          file.file(),
          credentials -> {
            if (credentials.remove(name) == null) {
              throw new IllegalArgumentException("no identity '" + name + "' in " + file.file());
            }
            return credentials;
          });
      spec.commandLine().getOut().printf("removed %s from %s%n", name, file.file());
      return 0;
    }
  }

  /** {@code list}: names and roles, never hashes. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the devices and operators, one per line: NAME ROLE.")
  public static final class ListIdentities implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin FileOptions file;

    @Override
    public Integer call() {
      if (!file.file().toFile().exists()) {
        throw new IllegalArgumentException(
            "no credentials file " + file.file() + " (add one with 'tern gateway devices add')");
      }
      PrintWriter out = spec.commandLine().getOut();
      for (Credential credential : CredentialsFile.read(file.file()).values()) {
        out.printf("%s %s%n", credential.name(), credential.role().label());
      }
      out.flush();
      return 0;
    }
  }
}
