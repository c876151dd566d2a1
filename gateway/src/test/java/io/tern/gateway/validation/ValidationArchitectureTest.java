package io.tern.gateway.validation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Validation rules are pure (STYLE.md): only {@code java.*}, themselves and the core model. */
class ValidationArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tern.gateway");

  @Test
  void validation_dependsOnlyOnJavaAndTheCoreModel() {
    noClasses()
        .that()
        .resideInAPackage("io.tern.gateway.validation..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "io.tern.gateway.validation..", "io.tern.gateway.core.model..", "java..")
        .check(CLASSES);
  }
}
