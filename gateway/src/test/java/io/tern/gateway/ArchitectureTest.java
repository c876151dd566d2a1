package io.tern.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layering of the gateway (STYLE.md): a pure core, adapters around it, no package cycles. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tern.gateway");

  @Test
  void core_importsNoFrameworkOrVendor() {
    noClasses()
        .that()
        .resideInAPackage("io.tern.gateway.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.micronaut..",
            "jakarta..",
            "com.hivemq..",
            "org.eclipse.paho..",
            "org.apache.kafka..",
            "net.openhft..",
            "io.tern.proto..",
            "com.google.protobuf..",
            "com.fasterxml..",
            "io.micrometer..",
            "org.slf4j..")
        .check(CLASSES);
  }

  @Test
  void core_dependsOnNothingOutsideTheCore() {
    noClasses()
        .that()
        .resideInAPackage("io.tern.gateway.core..")
        .and()
        .resideOutsideOfPackage("io.tern.gateway.core.rollup")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.tern.gateway.core..", "java..")
        .check(CLASSES);
  }

  /** The one library in the core: the quantile sketch (DDSketch), in the rollup package only. */
  @Test
  void coreRollup_dependsOnlyOnTheCoreAndTheSketchLibrary() {
    noClasses()
        .that()
        .resideInAPackage("io.tern.gateway.core.rollup")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.tern.gateway.core..", "java..", "com.datadoghq.sketch..")
        .check(CLASSES);
  }

  @Test
  void noCycles_betweenFeaturePackages() {
    slices().matching("io.tern.gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void noCycles_insideTheCore() {
    slices().matching("io.tern.gateway.core.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
