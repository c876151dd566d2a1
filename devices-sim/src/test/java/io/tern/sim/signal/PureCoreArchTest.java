package io.tern.sim.signal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The signal generators are pure: no I/O, no vendor libraries, no clock. */
class PureCoreArchTest {

  @Test
  void signalPackage_isPure() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tern.sim.signal");
    noClasses()
        .that()
        .resideInAPackage("io.tern.sim.signal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.micronaut..",
            "com.hivemq..",
            "org.eclipse.paho..",
            "org.apache.kafka..",
            "net.openhft..",
            "io.tern.proto..",
            "com.fasterxml..",
            "java.io..",
            "java.nio..",
            "io.tern.sim.fleet..",
            "io.tern.sim.scenario..",
            "io.tern.sim.labels..")
        .check(classes);
  }
}
