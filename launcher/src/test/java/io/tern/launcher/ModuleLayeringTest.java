package io.tern.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Layering across the whole product (every module is on this module's classpath): deployables do
 * not reach into each other, the pure core imports no framework or vendor, and packages form no
 * cycles. Each module also checks its own finer rules.
 */
class ModuleLayeringTest {

  private static final JavaClasses TERN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tern");

  private static final String[] VENDORS = {
    "io.micronaut..",
    "com.hivemq..",
    "org.eclipse.paho..",
    "org.apache.kafka..",
    "net.openhft..",
    "io.tern.proto.."
  };

  @Test
  void gateway_doesNotDependOnOtherDeployables() {
    noClasses()
        .that()
        .resideInAPackage("io.tern.gateway..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tern.agent..", "io.tern.bridge..", "io.tern.sim..", "io.tern.launcher..")
        .check(TERN);
  }

  @Test
  void agent_doesNotDependOnOtherDeployables() {
    noClasses()
        .that()
        .resideInAPackage("io.tern.agent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tern.gateway..", "io.tern.bridge..", "io.tern.sim..", "io.tern.launcher..")
        .check(TERN);
  }

  @Test
  void bridge_doesNotDependOnOtherDeployables() {
    noClasses()
        .that()
        .resideInAPackage("io.tern.bridge..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tern.gateway..", "io.tern.agent..", "io.tern.sim..", "io.tern.launcher..")
        .check(TERN);
  }

  @Test
  void pureCore_importsNoFrameworkVendorOrWireFormat() {
    noClasses()
        .that()
        .resideInAPackage("io.tern..core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(VENDORS)
        .check(TERN);
  }

  @Test
  void packages_haveNoCycles() {
    slices().matching("io.tern.(**)").should().beFreeOfCycles().check(TERN);
  }
}
