package io.tern.agent.source;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The parsers of the sources do no I/O: only the listener and file adapters touch sockets/files.
 */
class PureParsingTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tern.agent.source");

  @Test
  void parsers_doNoIo() {
    noClasses()
        .that()
        .haveSimpleNameStartingWith("LineProtocol")
        .or()
        .haveSimpleNameStartingWith("CsvTimestamps")
        .or()
        .haveSimpleNameStartingWith("CsvFields")
        .or()
        .haveSimpleNameStartingWith("CsvHeader")
        .or()
        .haveSimpleNameStartingWith("CsvRow")
        .or()
        .haveSimpleNameStartingWith("MetricNames")
        .or()
        .haveSimpleNameStartingWith("LineParser")
        .or()
        .haveSimpleNameStartingWith("DecimalText")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.io..", "java.net..", "java.nio..", "org.slf4j..")
        .check(CLASSES);
  }
}
