package dev.cairn.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.cairn.alarm.AlarmConfig;
import dev.cairn.alert.Alert;
import dev.cairn.archive.ArchiveConfig;
import dev.cairn.aws.SqsSource;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.CairnProcessor;
import java.net.URISyntaxException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The architecture, checked by the build: the pipeline's layers point one way (core ← runtime ←
 * sources and stages ← app), only the application knows the command line, and no two packages
 * depend on each other. Every module's main classes are on this module's class path.
 */
class LayeringTest {
  /** One class of each module: their class folders (or jars) are what is imported, not the class path. */
  private static final List<Class<?>> MODULES = List.of(CloudTrailEvent.class, CairnProcessor.class, Alert.class,
      SqsSource.class, AlarmConfig.class,
      ArchiveConfig.class, Main.class);
  private static final JavaClasses CAIRN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importLocations(MODULES.stream().map(LayeringTest::location).collect(Collectors.toSet()));
  /** The core module's packages: events, decoding, rules, configuration. */
  private static final String[] CORE = {"dev.cairn.event..", "dev.cairn.decode..", "dev.cairn.match..", "dev.cairn.config..",
      "dev.cairn.text.."};

  private static Location location(Class<?> type) {
    try {
      return Location.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyModuleWasImported() {
    assertThat(MODULES).allSatisfy(type -> assertThat(CAIRN.contain(type)).as(type.getName()).isTrue());
  }

  @Test
  void coreKnowsNothingOfTheEngineOrWhatIsBuiltOnIt() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.runtime..", "dev.cairn.alert..", "dev.cairn.aws..",
            "dev.cairn.alarm..", "dev.cairn.archive..", "dev.cairn.app..")
        .check(CAIRN);
  }

  @Test
  void theEngineKnowsNoSourceStageOrApplicationBuiltOnIt() {
    noClasses().that().resideInAPackage("dev.cairn.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.alert..", "dev.cairn.aws..", "dev.cairn.alarm..",
            "dev.cairn.archive..", "dev.cairn.app..")
        .check(CAIRN);
  }

  @Test
  void onlyTheApplicationKnowsTheCommandLine() {
    noClasses().that().resideOutsideOfPackage("dev.cairn.app..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.app..", "picocli..")
        .check(CAIRN);
  }

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("dev.cairn.(**)").should().beFreeOfCycles().check(CAIRN);
  }
}
