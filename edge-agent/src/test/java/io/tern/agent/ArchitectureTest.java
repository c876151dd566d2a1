package io.tern.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layering of the agent: a pure core, vendors only in their adapter package, no cycles. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tern.agent");

  @Test
  void pureCore_importsNoVendorOrFramework() {
    noClasses()
        .that()
        .resideInAnyPackage("io.tern.agent.batch..", "io.tern.agent.source..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.micronaut..",
            "com.hivemq..",
            "org.eclipse.paho..",
            "org.apache.kafka..",
            "net.openhft..",
            "io.tern.proto..",
            "picocli..")
        .check(CLASSES);
  }

  @Test
  void eachVendor_staysInItsAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.tern.agent.outbox..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("net.openhft..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.tern.agent.publish..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.paho..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.tern.agent.wire..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.tern.proto..")
        .check(CLASSES);
  }

  @Test
  void onlyTheCli_dependsOnThePublicApi() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.tern.agent.batch..",
            "io.tern.agent.outbox..",
            "io.tern.agent.publish..",
            "io.tern.agent.wire..",
            "io.tern.agent.source..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.tern.agent")
        .check(CLASSES);
  }

  @Test
  void packages_haveNoCycles() {
    slices().matching("io.tern.agent.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
