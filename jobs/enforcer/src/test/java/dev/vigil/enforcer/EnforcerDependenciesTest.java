package dev.vigil.enforcer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The enforcer is for gateways: Kafka's client and vigil-schemas only, never Flink (nor the jobs
 * module, which brings Flink along).
 */
class EnforcerDependenciesTest {
  private static final JavaClasses ENFORCER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.vigil.enforcer");

  @Test
  void noEnforcerClassUsesFlinkOrTheJobsModule() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.flink..", "dev.vigil.job..", "dev.vigil.core..")
        .check(ENFORCER);
  }

  @Test
  void flinkIsNotEvenOnTheEnforcersClassPath() {
    assertThatThrownBy(() -> Class.forName("org.apache.flink.api.common.JobID"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
