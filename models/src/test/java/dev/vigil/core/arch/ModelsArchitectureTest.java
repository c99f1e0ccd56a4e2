package dev.vigil.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The models module stays plain Java: usable by the job, the backtester and the trainer alike. */
@AnalyzeClasses(packages = "dev.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class ModelsArchitectureTest {
  @ArchTest
  static final ArchRule modelsNeverDependOnFlinkOrKafka =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
          .because("models must be unit-testable and reusable outside the streaming job");

  @ArchTest
  static final ArchRule coreNeverUsesJavaSerialization =
      noClasses()
          .that()
          .resideInAPackage("dev.vigil.core..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.io.ObjectOutputStream")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.io.ObjectInputStream")
          .because("state is persisted by the versioned binary mappers only");
}
