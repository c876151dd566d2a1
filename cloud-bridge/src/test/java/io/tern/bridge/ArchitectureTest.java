package io.tern.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tern.bridge");

  private static final String[] VENDORS = {
    "io.micronaut..",
    "com.hivemq..",
    "org.eclipse.paho..",
    "org.apache.kafka..",
    "net.openhft..",
    "io.tern.proto..",
    "com.google.protobuf..",
    "picocli.."
  };

  @Test
  void coreIsFreeOfVendorTypes() {
    noClasses()
        .that()
        .resideInAnyPackage("io.tern.bridge.delivery..", "io.tern.bridge.output..")
        .or()
        .resideInAPackage("io.tern.bridge.sink")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(VENDORS)
        .check(CLASSES);
  }

  @Test
  void kafkaStaysInTheKafkaSink() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.tern.bridge.sink.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void pahoStaysInTheMqttSink() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.tern.bridge.sink.mqtt..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.paho..")
        .check(CLASSES);
  }

  @Test
  void jsonMappingStaysInTheOutputLogAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.tern.bridge.outputlog..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.fasterxml.jackson..")
        .check(CLASSES);
  }

  @Test
  void chronicleAndProtobufStayInTheOutputLogAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.tern.bridge.outputlog..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("net.openhft..", "io.tern.proto..", "com.google.protobuf..")
        .check(CLASSES);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.tern.bridge.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}
