package io.tern.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tern.agent.batch.Reading;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb built in the package phase: its metadata, its file list, and the agent installed from it
 * into a throwaway root ({@code dpkg-deb -x}) and run through {@code /usr/bin/tern-agent} against a
 * real broker. The maintainer scripts are checked for syntax only: running them needs a real root.
 */
class PackageInstallIT {
  private static Path deb;

  @TempDir Path tmp;

  @BeforeAll
  static void packageBuilt() {
    String property = System.getProperty("tern.agent.deb");
    assumeTrue(property != null, "tern.agent.deb not set: run through Maven (failsafe sets it)");
    assumeTrue(
        Command.onPath("dpkg-deb"),
        "dpkg-deb not found on PATH: install dpkg to check the .deb (the tarball is checked anyway)");
    deb = Path.of(property);
    assertThat(deb).as("the .deb built in the package phase").isRegularFile();
  }

  @Test
  void control_namesPackageJavaDependencyAndConffiles() throws Exception {
    Command.Result fields =
        Command.of("dpkg-deb", "--field", deb.toString(), "Package", "Architecture", "Depends")
            .run(tmp);
    assertThat(fields.exitCode()).as(fields.describe()).isZero();
    assertThat(fields.out())
        .contains("Package: tern-agent")
        .contains("Architecture: all")
        .contains(
            "Depends: default-jre-headless (>= 2:1.17) | openjdk-17-jre-headless"
                + " | java17-runtime-headless, adduser");

    Command.Result conffiles =
        Command.of("dpkg-deb", "--info", deb.toString(), "conffiles").run(tmp);
    assertThat(conffiles.out().lines())
        .containsExactlyInAnyOrder(
            "/etc/tern-agent/agent.yaml",
            "/etc/tern-agent/simplelogger.properties",
            "/etc/tern-agent/tern-agent.env");
  }

  @Test
  void maintainerScripts_createUser_guardSystemd_andParse() throws Exception {
    Path control = tmp.resolve("control");
    assertThat(Command.of("dpkg-deb", "-e", deb.toString(), control.toString()).run(tmp).exitCode())
        .isZero();
    String postinst = Files.readString(control.resolve("postinst"));
    assertThat(postinst)
        .contains("adduser --system --group")
        .contains("[ -d /run/systemd/system ]")
        .contains("deb-systemd-helper");
    assertThat(Files.readString(control.resolve("prerm"))).contains("[ -d /run/systemd/system ]");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      assertThat(control.resolve(script)).isExecutable();
      Command.Result syntax = Command.of("sh", "-n", control.resolve(script).toString()).run(tmp);
      assertThat(syntax.exitCode()).as(script + ": " + syntax.describe()).isZero();
    }
  }

  @Test
  void contents_holdScriptUnitLinksAndOnlyAgentRuntimeJars() throws Exception {
    Command.Result contents = Command.of("dpkg-deb", "--contents", deb.toString()).run(tmp);
    assertThat(contents.exitCode()).as(contents.describe()).isZero();
    List<String> lines = contents.out().lines().toList();
    assertThat(lines)
        .anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" ./opt/tern-agent/bin/tern-agent"))
        .anyMatch(l -> l.endsWith(" ./lib/systemd/system/tern-agent.service"))
        .anyMatch(l -> l.endsWith(" ./usr/bin/tern-agent -> ../../opt/tern-agent/bin/tern-agent"))
        .anyMatch(l -> l.endsWith(" ./opt/tern-agent/etc -> ../../etc/tern-agent"));
    List<String> jars =
        lines.stream()
            .filter(l -> l.endsWith(".jar"))
            .map(l -> l.substring(l.lastIndexOf('/') + 1))
            .toList();
    assertThat(jars)
        .contains("tern-edge-agent-" + System.getProperty("tern.agent.version") + ".jar")
        .anyMatch(j -> j.startsWith("tern-proto-"))
        .anyMatch(j -> j.startsWith("chronicle-queue-"))
        .anyMatch(j -> j.startsWith("org.eclipse.paho.mqttv5.client-"))
        .anyMatch(j -> j.startsWith("slf4j-simple-"))
        .noneMatch(j -> j.matches("(logback|jna|jnr|jffi|asm)-.*"))
        .noneMatch(j -> j.matches("(?i).*(hivemq|micronaut|gateway|kafka|netty|junit|archunit).*"))
        .noneMatch(j -> j.matches(".*-tests\\.jar"));
  }

  @Test
  void installedAgent_sendsStdinReadingsToARealBroker() throws Exception {
    Path root = tmp.resolve("root");
    Command.Result unpack = Command.of("dpkg-deb", "-x", deb.toString(), root.toString()).run(tmp);
    assertThat(unpack.exitCode()).as(unpack.describe()).isZero();
    Path installed = root.resolve("usr/bin/tern-agent");
    assertThat(installed).isSymbolicLink().isExecutable();
    String notice = Files.readString(root.resolve("opt/tern-agent/NOTICE"));
    try (var jars = Files.list(root.resolve("opt/tern-agent/lib"))) {
      jars.map(p -> p.getFileName().toString().replaceFirst("-\\d.*", ""))
          .forEach(name -> assertThat(notice).as("NOTICE names " + name).contains(name));
    }

    try (EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker")).start();
        TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-pkg")) {
      Command.Result run =
          Command.of(
                  installed.toString(),
                  "--config",
                  root.resolve("etc/tern-agent/agent.yaml").toString(),
                  "--device-id",
                  "pkg-1",
                  "--broker",
                  broker.uri(),
                  "--source",
                  "stdin",
                  "--data-dir",
                  tmp.resolve("state").toString())
              .env("JAVA_HOME", System.getProperty("java.home"))
              .stdin("temp 21.5 1700000000000\n# a comment\nhum 40.25 1700000000100\ntemp oops\n")
              .run(tmp);

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.err())
          .as(
              "logging configured by /etc/tern-agent/simplelogger.properties, reached through the etc link")
          .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[main\\] INFO Outbox - Opened outbox")
          .doesNotContain("JNA")
          .doesNotContain("Chronicle core loaded")
          .contains("stdin: 2 readings recorded, 1 invalid lines skipped");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(sub.readings)
                      .containsEntry(
                          TelemetrySubscriber.key("pkg-1", 1),
                          new Reading(1, "temp", 21.5, 1_700_000_000_000L))
                      .containsEntry(
                          TelemetrySubscriber.key("pkg-1", 2),
                          new Reading(2, "hum", 40.25, 1_700_000_000_100L)));
      assertThat(run.out()).contains("pkg-1 seq=2 acked=2");
      assertThat(tmp.resolve("state/stream-epoch")).isRegularFile();
    }
  }

  @Test
  void systemdUnit_passesSystemdAnalyzeVerify() throws Exception {
    assumeTrue(Command.onPath("systemd-analyze"), "systemd-analyze not found: unit not verified");
    Path root = tmp.resolve("root");
    assertThat(Command.of("dpkg-deb", "-x", deb.toString(), root.toString()).run(tmp).exitCode())
        .isZero();
    String unit = Files.readString(root.resolve("lib/systemd/system/tern-agent.service"));
    assertThat(unit)
        .contains("User=tern-agent")
        .contains("Restart=on-failure")
        .contains("StateDirectory=tern-agent")
        .contains("ProtectSystem=strict")
        .contains("NoNewPrivileges=yes")
        .contains("EnvironmentFile=-/etc/tern-agent/tern-agent.env")
        .contains("--config /etc/tern-agent/agent.yaml");
    // verify checks that ExecStart exists: point it at the unpacked script for the check.
    Path copy = tmp.resolve("tern-agent.service");
    Files.writeString(copy, unit.replace("/opt/tern-agent/bin/", root + "/opt/tern-agent/bin/"));
    Command.Result verify = Command.of("systemd-analyze", "verify", copy.toString()).run(tmp);
    // systemd-analyze exits 0 on unknown keys and bad values, but prints them.
    assertThat(verify.exitCode()).as(verify.describe()).isZero();
    assertThat(verify.out() + verify.err()).as(verify.describe()).doesNotContain("tern-agent");
  }
}
